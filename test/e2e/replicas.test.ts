/**
 * Two replicas of the whole bot (bot.ts) on one Redis, one fake Slack and one simulator: they
 * act as one bot. Every alert round runs on both at once; roots, thread replies, updates and the
 * digest must each arrive exactly once. One replica stops in the middle of an incident and the
 * other resolves it in the same thread; a button click reaches the replica that did not post.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Bot } from "../../src/bot.ts";
import { loadConfig } from "../../src/config.ts";
import { INCIDENT_EVENT_TYPE } from "../../src/core/alert-text.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.ts";
import { sendButtonClick, sendCommand } from "../slack/slack-requests.ts";
import { describeWithRedis, REDIS_TEST_URL } from "../store/redis-helpers.ts";
import { slackBotEnv } from "../support/bot-env.ts";

const MIN = 60_000;
/** A database of its own, emptied first: nothing else the tests keep in Redis is touched. */
const REDIS_URL = `${REDIS_TEST_URL.replace(/\/\d*$/, "")}/11`;
/** A fixed start (noon UTC): the digest at 00:00 comes once in the day the test moves through. */
const clock = { now: Date.UTC(2026, 10, 22, 12, 0, 7) };
let sim: Simulator;
let slack: FakeSlack;
let dir: string;

beforeAll(async () => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } catch {
    // No Redis: the suite below is skipped and says why.
  } finally {
    redis.disconnect();
  }
  sim = await startSimulator({ now: () => clock.now });
  slack = await startFakeSlack();
  dir = await mkdtemp(join(tmpdir(), "omsbot-replicas-"));
});
afterAll(async () => {
  await slack?.close();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

function replica(name: string): Bot {
  // Each replica its own folder: with Redis, nothing is kept there.
  const config = loadConfig(slackBotEnv(slack, sim, { REDIS_URL, STATE_DIR: join(dir, name) }));
  return new Bot({ config, logger: pino({ level: "silent" }), now: () => clock.now });
}

/** A round on every replica at once, as their cron slots would fire together. */
async function roundEverywhere(bots: Bot[], minutes: number) {
  for (const b of bots) await b.alerting?.scheduler.idle();
  clock.now += minutes * MIN;
  await Promise.all(bots.map((b) => b.alerting?.scheduler.runNow("alerts")));
}

const messages = () => slack.channels.inChannel("CREP");
const roots = () =>
  messages().filter((m) => !m.threadTs && m.metadata?.event_type === INCIDENT_EVENT_TYPE);

describeWithRedis("two replicas on one Redis", () => {
  it("post every root, reply, update and digest once, and hand an incident over when one stops", async () => {
    const a = replica("a");
    const b = replica("b");
    await Promise.all([a.start(), b.start()]);
    const baseA = `http://127.0.0.1:${a.port}`;
    const baseB = `http://127.0.0.1:${b.port}`;
    for (const text of [
      "alert add media-sync failures > 50 in 15m repeat 10m",
      "alert add datalake-migration stopped repeat 10m",
    ]) {
      const r = await sendCommand(baseA, {
        text,
        channelId: "CREP",
        responseUrl: slack.responseUrl(),
      });
      expect(r.status).toBe(200);
    }
    await slack.waitFor(() => roots().length === 2, 15_000, "two roots");
    const opened = roots().length;
    for (let i = 0; i < 4; i++) await roundEverywhere([a, b], 5);
    expect(roots()).toHaveLength(opened);
    // Opened at +0; reminders every 10 minutes at +10 and +20: 2 each, never doubled.
    // (media-sync's burst and datalake's stop are what the rules are about; other tasks' bursts
    // come and go with the simulator's day, so only these two are counted.)
    const steady = roots().filter((m) => /media-sync|datalake-migration/.test(m.text));
    expect(steady).toHaveLength(2);
    for (const root of steady) {
      const replies = messages().filter((m) => m.threadTs === root.ts);
      expect(replies).toHaveLength(2);
    }

    // Ack through the replica that (maybe) did not post: both share the state.
    const media = roots().find((m) => m.text.includes("media-sync"));
    const incident = String(media?.metadata?.event_payload.incident_id);
    await sendButtonClick(baseB, {
      command: `alert ack ${incident}`,
      actionId: "incident.ack",
      userId: "UCAROL",
      channelId: "CREP",
      messageTs: media?.ts,
      responseUrl: slack.responseUrl(),
    });
    await slack.waitFor(() => (media?.updates ?? 0) === 1, 10_000, "the acknowledged root");

    // A daily digest, added through one replica; its first day comes later.
    await sendCommand(baseB, {
      text: "digest add at 00:00 UTC",
      channelId: "CREP",
      responseUrl: slack.responseUrl(),
    });
    await slack.waitFor(
      () => messages().some((m) => m.text.includes("Digest added")),
      10_000,
      "the digest confirmation",
    );

    // Replica A goes away mid-incident; B alone resolves it, in the same thread.
    await a.stop();
    await roundEverywhere([b], 140);
    await roundEverywhere([b], 5);
    // One root per incident, and still one for media-sync (other tasks may open new incidents as
    // the clock moves through the simulator's day).
    const ids = roots().map((m) => String(m.metadata?.event_payload.incident_id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(roots().filter((m) => m.text.includes("media-sync"))).toHaveLength(1);
    const thread = messages().filter((m) => m.threadTs === media?.ts);
    expect(thread.at(-1)?.text).toContain("Resolved after");
    expect(media?.updates).toBe(2);
    expect(JSON.stringify(media?.blocks)).toContain("RESOLVED");
    // Nothing at all was posted twice.
    const texts = messages().map((m) => `${m.threadTs ?? ""}|${m.text}`);
    const counted = new Map<string, number>();
    for (const t of texts) counted.set(t, (counted.get(t) ?? 0) + 1);
    // Identical reminders ("still firing, unchanged") are legitimately alike; nothing else.
    const doubled = [...counted].filter(([t, n]) => n > 1 && !t.includes("Still firing"));
    expect(doubled).toEqual([]);

    // A replica comes back; at the digest's next time both run their rounds: one digest.
    const c = replica("c");
    await c.start();
    await roundEverywhere([b, c], 24 * 60);
    const digests = messages().filter((m) => m.metadata?.event_type === "omsbot_digest");
    expect(digests).toHaveLength(1);
    await Promise.all([b.stop(), c.stop()]);
  }, 90_000);
});

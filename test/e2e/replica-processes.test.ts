/**
 * Two real bot processes (`node --import tsx src/main.ts`) on one Redis, polling every 2 seconds
 * on their own cron: over many rounds each incident's root arrives once; one replica is killed
 * with SIGKILL and the other takes the Ack click on a root it may not have posted; Redis goes
 * away and comes back in the middle of it (through a gate in front of it): no crash, no double.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { INCIDENT_EVENT_TYPE } from "../../src/core/alert-text.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.ts";
import { sendButtonClick, sendCommand } from "../slack/slack-requests.ts";
import {
  describeWithRedis,
  REDIS_TEST_URL,
  type RedisGate,
  redisGate,
} from "../store/redis-helpers.ts";
import { slackBotEnv } from "../support/bot-env.ts";
import { ROOT, spawnMain } from "../support/spawn-main.ts";

const DB = 12;
let sim: Simulator;
let slack: FakeSlack;
let gate: RedisGate | undefined;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  const redis = new Redis(`${REDIS_TEST_URL.replace(/\/\d*$/, "")}/${DB}`, { lazyConnect: true });
  await redis
    .connect()
    .then(() => redis.flushdb())
    .catch(() => undefined);
  redis.disconnect();
  sim = await startSimulator({});
  slack = await startFakeSlack();
  dir = await mkdtemp(join(tmpdir(), "omsbot-procs-"));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await gate?.close();
  await slack?.close();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

async function startReplica(
  name: string,
  redisUrl: string,
): Promise<{ child: ChildProcess; base: string }> {
  const child = spawnMain({
    cwd: ROOT,
    stdin: "ignore",
    env: slackBotEnv(slack, sim, {
      REDIS_URL: redisUrl,
      STATE_DIR: join(dir, name),
      ALERT_POLL_CRON: "*/2 * * * * *",
      LOG_LEVEL: "info",
    }),
  });
  children.push(child);
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const started = Date.now();
  while (Date.now() - started < 40_000) {
    const m = out.match(/"port":(\d+)[^\n]*"msg":"omsbot is running"/);
    if (m) return { child, base: `http://127.0.0.1:${m[1]}` };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`replica ${name} did not start:\n${out}`);
}

const roots = () =>
  slack.channels
    .inChannel("CPROC")
    .filter((m) => !m.threadTs && m.metadata?.event_type === INCIDENT_EVENT_TYPE);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithRedis("two bot processes on one Redis", () => {
  it("post each root once over many rounds, survive a SIGKILL of one and a Redis outage", async () => {
    gate = await redisGate();
    const redisUrl = `${gate.url.replace(/\/\d*$/, "")}/${DB}`;
    const [a, b] = await Promise.all([startReplica("a", redisUrl), startReplica("b", redisUrl)]);
    await sendCommand(a.base, {
      text: "alert add datalake-migration stopped repeat 1h",
      channelId: "CPROC",
      responseUrl: slack.responseUrl(),
    });
    await sendCommand(b.base, {
      text: "alert add media-sync failures > 50 in 15m repeat 1h",
      channelId: "CPROC",
      responseUrl: slack.responseUrl(),
    });
    await slack.waitFor(() => roots().length === 2, 20_000, "both roots");
    // Both replicas keep polling every 2 s: about 4 rounds each.
    await sleep(8_000);
    expect(roots()).toHaveLength(2);

    // Redis goes away for a few rounds and comes back: nothing crashes or doubles.
    await gate.down();
    await sleep(4_000);
    await gate.up();
    await sleep(5_000);
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
    expect(roots()).toHaveLength(2);

    // One replica dies; the other takes the click on whichever root.
    a.child.kill("SIGKILL");
    const root = roots().find((m) => m.text.includes("media-sync"));
    const id = String(root?.metadata?.event_payload.incident_id);
    const click = await sendButtonClick(b.base, {
      command: `alert ack ${id}`,
      actionId: "incident.ack",
      userId: "UDAVE",
      channelId: "CPROC",
      messageTs: root?.ts,
      responseUrl: slack.responseUrl(),
    });
    expect(click.status).toBe(200);
    await slack.waitFor(() => (root?.updates ?? 0) >= 1, 15_000, "the acknowledged root");
    expect(JSON.stringify(root?.blocks)).toContain("Acknowledged by <@UDAVE>");
    await sleep(4_000);
    expect(roots()).toHaveLength(2);
    b.child.kill("SIGTERM");
    await new Promise((r) => b.child.once("exit", r));
    expect(b.child.exitCode).toBe(0);
  }, 120_000);
});

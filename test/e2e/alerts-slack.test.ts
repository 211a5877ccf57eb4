/**
 * Alerts end to end through Slack: the whole bot (bot.ts) in HTTP mode with a file store, the
 * simulator behind the real OMS client (its clock is the test's), and the fake Slack Web API.
 * A signed `/oms alert add`, the root with its metadata, the chart in its thread, the Ack button,
 * a restart of the bot mid-incident, and the resolution in the same thread.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "../../src/bot.ts";
import { loadConfig } from "../../src/config.ts";
import { INCIDENT_EVENT_TYPE } from "../../src/core/alert-text.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.ts";
import { sendButtonClick, sendCommand } from "../slack/slack-requests.ts";
import { slackBotEnv } from "../support/bot-env.ts";

const MIN = 60_000;
const clock = { now: Date.now() };
let sim: Simulator;
let slack: FakeSlack;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ now: () => clock.now });
  slack = await startFakeSlack();
  dir = await mkdtemp(join(tmpdir(), "omsbot-e2e-alerts-"));
});
afterAll(async () => {
  await slack?.close();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

function startBot(): Bot {
  const config = loadConfig(slackBotEnv(slack, sim, { STATE_DIR: dir }));
  return new Bot({ config, logger: pino({ level: "silent" }), now: () => clock.now });
}

async function round(bot: Bot, minutes: number) {
  // A round still running (the one a start runs at once) finishes at its own time first.
  await bot.alerting?.scheduler.idle();
  clock.now += minutes * MIN;
  await bot.alerting?.scheduler.runNow("alerts");
}

const roots = () =>
  slack.channels
    .inChannel("COPS")
    .filter((m) => !m.threadTs && m.metadata?.event_type === INCIDENT_EVENT_TYPE);

describe("alerts in Slack", () => {
  it("fire with one root and a chart in its thread, take an Ack, survive a restart, and resolve in the same thread", async () => {
    let bot = startBot();
    await bot.start();
    const base = `http://127.0.0.1:${bot.port}`;
    const add = await sendCommand(base, {
      text: "alert add media-sync failures > 50 in 15m repeat 30m",
      channelId: "COPS",
      responseUrl: slack.responseUrl("add"),
    });
    expect(add.status).toBe(200);
    // Adding a rule evaluates it at once: media-sync is failing right now.
    await slack.waitFor(() => roots().length === 1, 15_000, "the incident's root");
    const [root] = roots();
    expect(root?.text).toContain("FIRING");
    await slack.waitFor(
      () => slack.uploads.some((u) => u.threadTs === root?.ts),
      15_000,
      "the chart in the root's thread",
    );
    expect(slack.callsTo("conversations.info").length).toBeGreaterThan(0);

    const incidentId = String(root?.metadata?.event_payload.incident_id);
    const click = await sendButtonClick(base, {
      command: `alert ack ${incidentId}`,
      actionId: "incident.ack",
      userId: "UBOB",
      channelId: "COPS",
      messageTs: root?.ts,
      responseUrl: slack.responseUrl("ack"),
    });
    expect(click.status).toBe(200);
    await slack.waitFor(() => (root?.updates ?? 0) >= 1, 10_000, "the root updated by the Ack");
    expect(JSON.stringify(root?.blocks)).toContain("Acknowledged by <@UBOB>");

    // A restart mid-incident: the same STATE_DIR, no second root.
    await bot.stop();
    bot = startBot();
    await bot.start();
    await round(bot, 140);
    await round(bot, 5);
    expect(roots()).toHaveLength(1);
    const thread = slack.channels.inChannel("COPS").filter((m) => m.threadTs === root?.ts);
    expect(thread.at(-1)?.text).toContain("Resolved after");
    expect(JSON.stringify(root?.blocks)).toContain("RESOLVED");
    await bot.stop();
  }, 60_000);
});

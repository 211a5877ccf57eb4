/**
 * The whole bot (bot.ts) in Slack HTTP mode on a simulator signed with AK/SK: /healthz, /readyz
 * with its four checks, and /metrics counting what the runner parsed, the charts it drew and the
 * OMS attempts it retried. One "command handled" line per command, from the runner.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "../../src/bot.ts";
import { loadConfig } from "../../src/config.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.ts";
import { sendCommand } from "../slack/slack-requests.ts";
import { slackBotEnv } from "../support/bot-env.ts";

let bot: Bot;
let slack: FakeSlack;
let sim: Simulator;
let dir = "";
let base = "";
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "omsbot-ops-"));
  slack = await startFakeSlack();
  sim = await startSimulator({});
  const config = loadConfig(slackBotEnv(slack, sim, { STATE_DIR: dir }, "aksk"));
  const logger = pino(
    { level: "info" },
    { write: (l: string) => void logs.push(JSON.parse(l) as Record<string, unknown>) },
  );
  bot = new Bot({ config, logger });
  await bot.start();
  base = `http://127.0.0.1:${bot.port}`;
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await sim?.close();
  await slack?.close();
  await rm(dir, { recursive: true, force: true });
});

async function metrics(): Promise<string> {
  const res = await fetch(`${base}/metrics`);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one exact series line, or 0 when absent. */
function series(text: string, line: string): number {
  const at = text.split("\n").find((l) => l.startsWith(`${line} `));
  return at ? Number(at.slice(line.length + 1)) : 0;
}

async function readyz(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function waitUntil(check: () => Promise<boolean>, what: string, ms = 20_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("ops routes on the bot's PORT", () => {
  it("is alive, and ready once Slack, the store, the scheduler and a render worker are", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, mode: "http" });
    // Render workers load in a second or two: not ready before that is the point of the check.
    await waitUntil(async () => (await readyz()).status === 200, "ready");
    expect((await readyz()).body).toEqual({
      ready: true,
      checks: {
        charts: { ready: true },
        store: { ready: true },
        scheduler: { ready: true },
        slack: { ready: true },
      },
    });
  });

  it("counts commands under the runner's parsed name and outcome, charts and OMS retries", async () => {
    // `ls` and `?` are aliases the grammar knows: they count as list and help.
    sim.failNext("unavailable", 1);
    for (const [i, text] of [
      "ls",
      "?",
      "stats no-such-task",
      "stats nightly-backup last 6h",
    ].entries()) {
      await sendCommand(base, { text, channelId: `COPS${i}`, responseUrl: slack.responseUrl() });
    }
    await waitUntil(async () => {
      const m = await metrics();
      return (
        series(m, 'omsbot_render_duration_seconds_count{kind="stats",outcome="ok"}') === 1 &&
        (await bot.metrics.registry.getSingleMetric("omsbot_commands_total")?.get())?.values
          .length === 4
      );
    }, "four commands and a chart");
    const m = await metrics();
    expect(series(m, 'omsbot_commands_total{command="list",outcome="ok"}')).toBe(1);
    expect(series(m, 'omsbot_commands_total{command="help",outcome="ok"}')).toBe(1);
    expect(series(m, 'omsbot_commands_total{command="stats",outcome="user_error"}')).toBe(1);
    expect(series(m, 'omsbot_commands_total{command="stats",outcome="ok"}')).toBe(1);
    expect(series(m, 'omsbot_command_duration_seconds_count{command="stats"}')).toBe(2);
    expect(series(m, 'omsbot_cloud_requests_total{service="oms",outcome="api_unavailable"}')).toBe(
      1,
    );
    expect(series(m, 'omsbot_cloud_retries_total{service="oms"}')).toBe(1);
    // Every OMS answer the simulator gave with 200 (the start-up check's list included) is counted once.
    expect(series(m, 'omsbot_cloud_requests_total{service="oms",outcome="ok"}')).toBe(
      sim.requestCount({ status: 200 }),
    );
    expect(sim.requestCount({ status: 200 })).toBeGreaterThanOrEqual(2);
    // Process metrics from prom-client, on this bot's own registry.
    expect(series(m, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(m).not.toContain("omsbot_slack_commands_total");
    expect(m).not.toMatch(/command="(ls|\?|other)"/);
  });

  it("logs each command once, from the runner, with its own cmd ID and where it came from", () => {
    const handled = logs.filter((l) => l.msg === "command handled");
    expect(handled).toHaveLength(4);
    expect(new Set(handled.map((l) => l.cmd)).size).toBe(4);
    for (const l of handled) {
      expect(l.cmd).toMatch(/^[0-9a-z]{8}$/);
      expect(l.source).toBe("command");
      expect(String(l.channel)).toMatch(/^COPS\d$/);
    }
    expect(handled.map((l) => l.outcome).sort()).toEqual(["ok", "ok", "ok", "user_error"]);
  });

  it("is not ready (503) with the failing check's reason, never an error's text", async () => {
    const good = bot.readiness;
    good.add("store", async () => {
      throw new Error("connect ECONNREFUSED redis://:hunter2secret@10.0.0.9:6379");
    });
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.ready).toBe(false);
    expect((body.checks as Record<string, unknown>).store).toEqual({
      ready: false,
      reason: "INTERNAL",
    });
    expect(JSON.stringify(body)).not.toContain("hunter2");
    good.add("store", async () => true);
    expect((await readyz()).status).toBe(200);
  });

  it("is not ready once the scheduler has stopped", async () => {
    await bot.alerting?.scheduler.stop();
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect((body.checks as Record<string, unknown>).scheduler).toEqual({
      ready: false,
      reason: "not started",
    });
    // Liveness does not follow readiness: restarting would not fix a dependency.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

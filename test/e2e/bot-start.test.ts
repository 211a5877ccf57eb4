/**
 * What a first deployment meets at start, through the whole bot (bot.ts) in Slack HTTP mode:
 * OMS unreachable is a warning, not a refusal; HTTPS_PROXY carries the cloud calls; the demo
 * (OMSBOT_DEMO) says "demo data" in every reply.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "../../src/bot.ts";
import { loadConfig } from "../../src/config.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.ts";
import { SIGNING_SECRET, sendCommand } from "../slack/slack-requests.ts";
import { startProxy, type TinyProxy } from "../support/tiny-proxy.ts";

let bot: Bot | undefined;
let slack: FakeSlack | undefined;
let sim: Simulator | undefined;
let proxy: TinyProxy | undefined;
let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "omsbot-start-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await bot?.stop();
  await sim?.close();
  await proxy?.close();
  await slack?.close();
  bot = sim = proxy = slack = undefined;
});

function captured() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: "info" },
    { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) },
  );
  return { lines, logger };
}

async function slackBot(env: Record<string, string>, logger = pino({ level: "silent" })) {
  slack = await startFakeSlack();
  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: "0",
    ALERT_POLL_CRON: "0 0 1 1 *",
    ...env,
  });
  bot = new Bot({ config, logger });
  await bot.start();
  return `http://127.0.0.1:${bot.port}`;
}

describe("bot start", () => {
  it("starts when OMS does not answer, and says so in the log", async () => {
    const { lines, logger } = captured();
    await slackBot(
      {
        OMS_ENDPOINT: "http://127.0.0.1:9",
        OMS_PROJECT_ID: "p1",
        OMS_AUTH_TOKEN: "t1",
        STATE_DIR: join(dir, "start"),
      },
      logger,
    );
    expect(bot?.port).toBeGreaterThan(0);
    await slack?.waitFor(
      () => lines.some((l) => String(l.msg).includes("OMS did not answer the start-up check")),
      15_000,
      "the start-up warning",
    );
    const warning = lines.find((l) => String(l.msg).includes("OMS did not answer"));
    expect(warning?.level).toBe(40);
    expect(JSON.stringify(lines)).not.toContain('t1"');
  }, 30_000);

  it("sends the cloud calls through HTTPS_PROXY/HTTP_PROXY", async () => {
    sim = await startSimulator({});
    proxy = await startProxy();
    const base = await slackBot({
      OMS_ENDPOINT: sim.url,
      OMS_PROJECT_ID: sim.projectId,
      OMS_AUTH_TOKEN: sim.credentials.tokens[0] ?? "",
      HTTP_PROXY: proxy.url,
      HTTPS_PROXY: proxy.url,
      STATE_DIR: join(dir, "proxy"),
    });
    await sendCommand(base, {
      text: "list",
      channelId: "CPX",
      responseUrl: slack?.responseUrl() ?? "",
    });
    await slack?.waitFor(
      () => (slack?.callsTo("chat.postMessage").length ?? 0) > 0,
      15_000,
      "the list",
    );
    const simHost = new URL(sim.url).host;
    expect(proxy.connects).toContain(simHost);
    expect(proxy.connects).toContain(new URL(slack?.origin ?? "").host);
  }, 30_000);

  it("keeps the task list of the start-up check: the first command does not list the tasks again", async () => {
    sim = await startSimulator({});
    const { lines, logger } = captured();
    const base = await slackBot(
      {
        OMS_ENDPOINT: sim.url,
        OMS_PROJECT_ID: sim.projectId,
        OMS_AUTH_TOKEN: sim.credentials.tokens[0] ?? "",
        STATE_DIR: join(dir, "warm"),
      },
      logger,
    );
    await slack?.waitFor(
      () => lines.some((l) => l.msg === "OMS answered"),
      15_000,
      "the start-up check",
    );
    const listings = () =>
      sim?.requests.filter((r) => r.method === "GET" && /\/sync-tasks$/.test(r.path)).length;
    expect(listings()).toBe(1);
    await sendCommand(base, {
      text: "stats media-sync last 6h",
      channelId: "CWARM",
      responseUrl: slack?.responseUrl() ?? "",
    });
    await slack?.waitFor(
      () => slack?.uploads.some((u) => u.channelId === "CWARM") ?? false,
      20_000,
      "the chart",
    );
    expect(listings()).toBe(1);
  }, 30_000);

  it("in the demo, every reply says demo data", async () => {
    const base = await slackBot({ OMSBOT_DEMO: "1" });
    await sendCommand(base, {
      text: "list",
      channelId: "CDEMO",
      responseUrl: slack?.responseUrl() ?? "",
    });
    await slack?.waitFor(
      () => (slack?.callsTo("chat.postMessage").length ?? 0) > 0,
      15_000,
      "the list",
    );
    const posted = slack?.callsTo("chat.postMessage")[0]?.params;
    expect(String(posted?.text)).toContain("demo data");
    expect(JSON.stringify(posted?.blocks)).toContain("Demo data");
  }, 30_000);
});

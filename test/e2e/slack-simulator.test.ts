/**
 * The whole bot end to end: signed Slack requests → Bolt (HTTP mode) → the real CommandRunner →
 * the OMS client → the simulator, charts drawn by the real worker pool, results at a fake Slack.
 */
import pino from "pino";
import { PNG } from "pngjs";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommandRunner } from "../../src/app/runner.ts";
import { TaskDirectory } from "../../src/app/task-directory.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import { PNG_HEIGHT, PNG_WIDTH } from "../../src/render/constants.ts";
import { RenderPool } from "../../src/render/pool.ts";
import { omsClientFor } from "../../src/simulator/client.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.ts";
import { type Bot, startBot } from "../slack/harness.ts";
import { sendButtonClick, sendCommand, sendEvent } from "../slack/slack-requests.ts";

let sim: Simulator;
let slack: FakeSlack;
let bot: Bot;
let pool: RenderPool;
const dispatcher = new Agent();

beforeAll(async () => {
  sim = await startSimulator({});
  const logger = pino({ level: "silent" });
  const oms = omsClientFor(sim, {
    auth: new StaticTokenProvider(sim.credentials.tokens[0] ?? ""),
    dispatcher,
    logger,
  });
  pool = new RenderPool({ size: 2 });
  const runner = createCommandRunner({ oms, charts: pool, tasks: new TaskDirectory(oms), logger });
  slack = await startFakeSlack({ userTz: { U0001: "Asia/Shanghai" } });
  bot = await startBot(slack, runner, { admins: new Set(["UADMIN"]) });
});

afterAll(async () => {
  await bot?.app.stop();
  await slack?.close();
  await pool?.close();
  await sim?.close();
  await dispatcher.close();
});

const posts = (channel: string) =>
  slack.callsTo("chat.postMessage").filter((c) => c.params.channel === channel);
const uploadsTo = (channel: string) => slack.uploads.filter((u) => u.channelId === channel);

function readPng(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

describe("/oms end to end on the simulator", () => {
  it("stats: totals in the channel, then a real chart of the fixed size uploaded there", async () => {
    const answer = await sendCommand(bot.base, {
      text: "stats nightly-backup last 24h",
      channelId: "CE2E1",
      responseUrl: slack.responseUrl(),
    });
    expect(answer.status).toBe(200);
    await slack.waitFor(() => uploadsTo("CE2E1").length === 1, 20_000, "chart upload");
    const post = posts("CE2E1")[0];
    expect(String(post?.params.text)).toMatch(
      /^\*nightly-backup\* · last 24h · .*Asia\/Shanghai.*: [\d,]+ requested/,
    );
    const up = uploadsTo("CE2E1")[0];
    expect(up?.filename).toMatch(/^nightly-backup_\d{4}-\d\d-\d\d_\d{4}\.png$/);
    expect(up?.initialComment).toContain("nightly-backup");
    const png = readPng(up?.bytes ?? new Uint8Array());
    expect([png.width, png.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
    // Not blank: plenty of pixels that are not the white background. A share of every 97th
    // pixel, so it holds at any size (500 of the ~18,600 sampled at 1800×1000 was 2.7 %).
    let ink = 0;
    let sampled = 0;
    for (let i = 0; i < png.data.length; i += 4 * 97, sampled++) {
      if ((png.data[i] ?? 255) < 200) ink++;
    }
    expect(ink / sampled).toBeGreaterThan(0.027);
  });

  it("list and task go to the channel; the task card's button draws the chart", async () => {
    await sendCommand(bot.base, {
      text: "list",
      channelId: "CE2E2",
      responseUrl: slack.responseUrl(),
    });
    await slack.waitFor(() => posts("CE2E2").length === 1, 10_000, "list");
    const listText = JSON.stringify(posts("CE2E2")[0]?.params.blocks);
    for (const t of sim.tasks) expect(listText).toContain(t.name);

    await sendCommand(bot.base, {
      text: "task media-sync",
      channelId: "CE2E2",
      responseUrl: slack.responseUrl(),
    });
    await slack.waitFor(() => posts("CE2E2").length === 2, 10_000, "task card");
    const card = posts("CE2E2")[1]?.params.blocks as Array<{
      type: string;
      elements?: Array<{ value?: string }>;
    }>;
    const button = card.find((b) => b.type === "actions")?.elements?.[0];
    const id = sim.tasks.find((t) => t.name === "media-sync")?.info.sync_task_id;
    expect(button?.value).toBe(`stats ${id} last 24h`);

    await sendButtonClick(bot.base, {
      command: button?.value ?? "",
      actionId: "task.chart",
      channelId: "CE2E2",
      responseUrl: slack.responseUrl(),
    });
    await slack.waitFor(() => uploadsTo("CE2E2").length === 1, 20_000, "chart from the button");
    expect(readPng(uploadsTo("CE2E2")[0]?.bytes ?? new Uint8Array()).width).toBe(PNG_WIDTH);
  });

  it("errors and help go only to the asker", async () => {
    const id = "e2e-unknown";
    await sendCommand(bot.base, {
      text: "stats no-such-task",
      channelId: "CE2E3",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(() => slack.responsesTo(id).length === 1, 10_000, "ephemeral error");
    const body = JSON.stringify(slack.responsesTo(id)[0]?.body);
    expect(body).toContain("ephemeral");
    expect(body).toContain("no-such-task");
    expect(posts("CE2E3")).toEqual([]);
    expect(uploadsTo("CE2E3")).toEqual([]);
  });

  it("BOT_ADMINS: a non-admin cannot add an alert", async () => {
    const id = "e2e-admin";
    await sendCommand(bot.base, {
      text: "alert add nightly-backup failures > 10",
      channelId: "CE2E4",
      userId: "U0001",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(() => slack.responsesTo(id).length === 1, 10_000, "refusal");
    expect(JSON.stringify(slack.responsesTo(id)[0]?.body)).toContain("Only the bot's admins");
  });

  it("a mention is answered in its thread, chart included", async () => {
    await sendEvent(bot.base, {
      type: "app_mention",
      user: "U0001",
      text: "<@UBOT0001> stats tencent-images last 6h types failure,request",
      channel: "CE2E5",
      ts: "1795350000.000100",
      event_ts: "1795350000.000100",
    });
    await slack.waitFor(() => uploadsTo("CE2E5").length === 1, 20_000, "thread upload");
    expect(uploadsTo("CE2E5")[0]?.threadTs).toBe("1795350000.000100");
    expect(posts("CE2E5")[0]?.params.thread_ts).toBe("1795350000.000100");
  });

  it("App Home shows every task with its 24h success rate", async () => {
    await sendEvent(bot.base, {
      type: "app_home_opened",
      user: "U0001",
      tab: "home",
      channel: "D0001",
    });
    await slack.waitFor(() => slack.callsTo("views.publish").length === 1, 10_000, "views.publish");
    const view = JSON.stringify(slack.callsTo("views.publish")[0]?.params.view);
    for (const t of sim.tasks) expect(view).toContain(t.name);
    expect(view).toMatch(/% success \(24h\)/);
  });
});

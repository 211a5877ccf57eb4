/**
 * The adapter in HTTP mode end to end: signed requests to `POST /slack/events` on loopback, a
 * fake Slack Web API, a fake CommandRunner. No network.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METHOD_SCOPES } from "../../src/chat/slack/scopes.ts";
import {
  type FakeRunner,
  fakeRunner,
  PNG_HEIGHT,
  PNG_WIDTH,
  pngSize,
  testPng,
} from "./fake-runner.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { type Bot, metric, startBot } from "./harness.ts";
import {
  postSigned,
  SIGNING_SECRET,
  sendButtonClick,
  sendCommand,
  sendEvent,
  slashCommandBody,
} from "./slack-requests.ts";

let slack: FakeSlack;
let runner: FakeRunner;
let bot: Bot;

beforeAll(async () => {
  slack = await startFakeSlack({ userTz: { U0001: "Asia/Shanghai" } });
  runner = fakeRunner();
  bot = await startBot(slack, runner, { admins: new Set(["UADMIN"]) });
});

afterAll(async () => {
  await bot?.app.stop();
  await slack?.close();
});

const posts = (channel: string) =>
  slack.callsTo("chat.postMessage").filter((c) => c.params.channel === channel);

describe("slash command", () => {
  it("acks with an empty 200, posts blocks to the channel, then uploads the PNG there", async () => {
    const answer = await sendCommand(bot.base, {
      text: "stats task1",
      channelId: "CSTATS",
      responseUrl: slack.responseUrl(),
    });
    expect(answer).toEqual({ status: 200, text: "" });
    await slack.waitFor(
      () => slack.uploads.some((u) => u.channelId === "CSTATS"),
      10_000,
      "upload",
    );

    const [post] = posts("CSTATS");
    const blocks = post?.params.blocks as Array<{ type: string }>;
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "actions"]);
    expect(post?.params.text).toContain("10 requests");

    const up = slack.uploads.find((u) => u.channelId === "CSTATS");
    expect(up?.filename).toBe("task1-stats.png");
    expect(up?.title).toBe("task1 statistics");
    expect(up?.initialComment).toBe("*task1*: 10 requests, 9 succeeded, 1 failed (last 6h)");
    expect(up?.threadTs).toBeUndefined();
    expect(Buffer.compare(up?.bytes ?? Buffer.alloc(0), Buffer.from(testPng()))).toBe(0);
    expect(pngSize(up?.bytes ?? new Uint8Array())).toEqual({
      width: PNG_WIDTH,
      height: PNG_HEIGHT,
    });
    // The message came before the upload started.
    const postIdx = slack.calls.indexOf(post as (typeof slack.calls)[number]);
    const getUrlIdx = slack.calls.findIndex((c) => c.method === "files.getUploadURLExternal");
    expect(postIdx).toBeLessThan(getUrlIdx);

    const run = runner.runs.find((r) => r.ctx.channelId === "CSTATS");
    expect(run?.ctx).toMatchObject({
      userId: "U0001",
      tz: "Asia/Shanghai",
      source: "command",
      isAdmin: false,
    });
  });

  it("sends an ephemeral error only to the asker, through response_url", async () => {
    const id = "bogus-1";
    await sendCommand(bot.base, {
      text: "bogus",
      channelId: "CBOGUS",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(() => slack.responsesTo(id).length === 1, 10_000, "ephemeral");
    expect(slack.responsesTo(id)[0]?.body).toMatchObject({
      response_type: "ephemeral",
      replace_original: false,
    });
    expect(JSON.stringify(slack.responsesTo(id)[0]?.body)).toContain("I don't know `bogus`");
    expect(posts("CBOGUS")).toEqual([]);
  });

  it("splits a 120-block reply into three messages", async () => {
    await sendCommand(bot.base, {
      text: "bigreply",
      channelId: "CBIG",
      responseUrl: slack.responseUrl(),
    });
    await slack.waitFor(() => posts("CBIG").length === 3, 10_000, "3 messages");
    expect(posts("CBIG").map((c) => (c.params.blocks as unknown[]).length)).toEqual([50, 50, 20]);
  });

  it("acks before a slow command finishes, says it is working, and posts the result later", async () => {
    const id = "slow-1";
    const answer = await sendCommand(bot.base, {
      text: "slow",
      channelId: "CSLOW",
      responseUrl: slack.responseUrl(id),
    });
    expect(answer.status).toBe(200);
    expect(posts("CSLOW")).toEqual([]); // the answer did not wait for the 5 s runner
    await slack.waitFor(() => posts("CSLOW").length === 1, 15_000, "slow result");
    expect(JSON.stringify(slack.responsesTo(id)[0]?.body)).toContain("Working on");
  });

  it("tells the asker how to invite the bot when it is not in the channel", async () => {
    slack.setChannelError("CPRIVATE", "not_in_channel");
    const id = "nic-1";
    await sendCommand(bot.base, {
      text: "stats task9",
      channelId: "CPRIVATE",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(() => slack.responsesTo(id).length === 1, 10_000, "advice");
    const body = JSON.stringify(slack.responsesTo(id)[0]?.body);
    expect(body).toContain("/invite @omsbot");
    expect(body).toContain("10 requests"); // the answer itself, privately
    expect(
      bot.logs.some((l) => l.slackError === "not_in_channel" && l.method === "chat.postMessage"),
    ).toBe(true);
  });

  it("tells the asker when the channel is archived", async () => {
    slack.setChannelError("CARCHIVED", "is_archived");
    const id = "arch-1";
    await sendCommand(bot.base, {
      text: "list",
      channelId: "CARCHIVED",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(() => slack.responsesTo(id).length === 1, 10_000, "advice");
    expect(JSON.stringify(slack.responsesTo(id)[0]?.body)).toContain("archived");
  });

  it("waits out a 429 Retry-After and still delivers", async () => {
    slack.rateLimit("chat.postMessage", 1);
    await sendCommand(bot.base, {
      text: "list",
      channelId: "CLIMIT",
      responseUrl: slack.responseUrl(),
    });
    await slack.waitFor(() => posts("CLIMIT").length === 2, 10_000, "retried post");
    const [first, second] = posts("CLIMIT");
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(await metric(bot, "omsbot_slack_rate_limited_total")).toBeGreaterThanOrEqual(1);
  });

  it("acknowledges 50 concurrent commands and delivers all 50 results", async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sendCommand(bot.base, {
          text: `stats burst${i}`,
          channelId: `CBURST${i}`,
          responseUrl: slack.responseUrl(),
        }),
      ),
    );
    expect(answers.every((a) => a.status === 200 && a.text === "")).toBe(true);
    await slack.waitFor(
      () => slack.uploads.filter((u) => u.channelId?.startsWith("CBURST")).length === 50,
      20_000,
      "50 uploads",
    );
    const channels = new Set(
      slack.uploads.filter((u) => u.channelId?.startsWith("CBURST")).map((u) => u.channelId),
    );
    expect(channels.size).toBe(50);
  });

  it("computes isAdmin from BOT_ADMINS", async () => {
    await sendCommand(bot.base, {
      text: "list",
      userId: "UADMIN",
      channelId: "CADMIN",
      responseUrl: slack.responseUrl(),
    });
    await slack.waitFor(() => posts("CADMIN").length === 1, 10_000, "post");
    expect(runner.runs.find((r) => r.ctx.channelId === "CADMIN")?.ctx.isAdmin).toBe(true);
  });
});

describe("requests Slack did not sign", () => {
  it("refuses a bad signature with 401", async () => {
    const body = slashCommandBody({
      text: "list",
      channelId: "CSIG",
      responseUrl: slack.responseUrl(),
    });
    const answer = await postSigned(
      `${bot.base}/slack/events`,
      body,
      "application/x-www-form-urlencoded",
      {
        secret: "wrong-secret",
      },
    );
    expect(answer.status).toBe(401);
  });

  it("refuses a stale timestamp (over 5 minutes) with 401", async () => {
    const body = slashCommandBody({
      text: "list",
      channelId: "CSIG",
      responseUrl: slack.responseUrl(),
    });
    const answer = await postSigned(
      `${bot.base}/slack/events`,
      body,
      "application/x-www-form-urlencoded",
      {
        timestamp: Math.floor(Date.now() / 1000) - 600,
      },
    );
    expect(answer.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(runner.runs.some((r) => r.ctx.channelId === "CSIG")).toBe(false);
  });
});

describe("app_mention", () => {
  const mention = (text: string, channel: string, ts: string, threadTs?: string) => ({
    type: "app_mention",
    user: "U0001",
    text,
    ts,
    channel,
    event_ts: ts,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });

  it("strips the mention and answers in the mention's thread, files included", async () => {
    const answer = await sendEvent(
      bot.base,
      mention("<@UBOT0001> stats task2", "CMENTION", "1700000100.000100"),
    );
    expect(answer.status).toBe(200);
    await slack.waitFor(
      () => slack.uploads.some((u) => u.channelId === "CMENTION"),
      10_000,
      "upload",
    );
    expect(runner.runs.find((r) => r.ctx.channelId === "CMENTION")?.text).toBe("stats task2");
    expect(posts("CMENTION")[0]?.params.thread_ts).toBe("1700000100.000100");
    expect(slack.uploads.find((u) => u.channelId === "CMENTION")?.threadTs).toBe(
      "1700000100.000100",
    );
  });

  it("answers errors in the thread too, using the existing thread", async () => {
    await sendEvent(
      bot.base,
      mention("<@UBOT0001> bogus", "CMENTION2", "1700000200.000300", "1700000200.000100"),
    );
    await slack.waitFor(() => posts("CMENTION2").length === 1, 10_000, "thread reply");
    expect(posts("CMENTION2")[0]?.params.thread_ts).toBe("1700000200.000100");
    expect(slack.callsTo("chat.postEphemeral").some((c) => c.params.channel === "CMENTION2")).toBe(
      false,
    );
  });

  it("handles a retried event once, but handles a retry whose original never came", async () => {
    const ev = mention("<@UBOT0001> list", "CRETRY", "1700000300.000100");
    await sendEvent(bot.base, ev, "EvRETRY1");
    const retry = await sendEvent(bot.base, ev, "EvRETRY1", {
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_timeout",
    });
    expect(retry.status).toBe(200);
    const lone = mention("<@UBOT0001> list", "CRETRY2", "1700000300.000200");
    await sendEvent(bot.base, lone, "EvRETRY2", {
      "x-slack-retry-num": "2",
      "x-slack-retry-reason": "http_timeout",
    });
    await slack.waitFor(
      () => posts("CRETRY").length === 1 && posts("CRETRY2").length === 1,
      10_000,
      "replies",
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(runner.runs.filter((r) => r.ctx.channelId === "CRETRY").length).toBe(1);
    expect(await metric(bot, "omsbot_slack_duplicate_events_total")).toBe(1);
  });
});

describe("App Home", () => {
  it("publishes the runner's home blocks in the user's timezone", async () => {
    await sendEvent(bot.base, {
      type: "app_home_opened",
      user: "U0001",
      channel: "D0001",
      tab: "home",
      event_ts: "1.2",
    });
    await slack.waitFor(() => slack.callsTo("views.publish").length === 1, 10_000, "views.publish");
    const call = slack.callsTo("views.publish")[0];
    expect(call?.params.user_id).toBe("U0001");
    const view = call?.params.view as { type: string; blocks: Array<{ type: string }> };
    expect(view.type).toBe("home");
    expect(view.blocks.map((b) => b.type)).toEqual(["header", "section", "actions"]);
    expect(JSON.stringify(view)).toContain("Asia/Shanghai");
  });

  it("falls back to DEFAULT_TZ when users.info fails, and logs it", async () => {
    slack.setError("users.info", "user_not_found");
    await sendEvent(bot.base, {
      type: "app_home_opened",
      user: "UNOTZ",
      channel: "D0002",
      tab: "home",
      event_ts: "1.3",
    });
    await slack.waitFor(
      () => slack.callsTo("views.publish").some((c) => c.params.user_id === "UNOTZ"),
      10_000,
      "publish",
    );
    expect(runner.homes.find((c) => c.userId === "UNOTZ")?.tz).toBe("Europe/Paris");
    expect(
      bot.logs.some((l) => l.slackError === "user_not_found" && l.method === "users.info"),
    ).toBe(true);
  });
});

describe("buttons", () => {
  it("runs the button's command and posts the result where the button was", async () => {
    const answer = await sendButtonClick(bot.base, {
      command: "stats task3 last 6h",
      channelId: "CBUTTON",
      threadTs: "1700000400.000100",
      responseUrl: slack.responseUrl(),
    });
    expect(answer.status).toBe(200);
    await slack.waitFor(
      () => slack.uploads.some((u) => u.channelId === "CBUTTON"),
      10_000,
      "upload",
    );
    const run = runner.runs.find((r) => r.ctx.channelId === "CBUTTON");
    expect(run).toMatchObject({ text: "stats task3 last 6h", ctx: { source: "button" } });
    expect(posts("CBUTTON")[0]?.params.thread_ts).toBe("1700000400.000100");
  });

  it("answers an ephemeral result privately through response_url", async () => {
    const id = "button-eph";
    await sendButtonClick(bot.base, {
      command: "help",
      channelId: "CBUTTON2",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(() => slack.responsesTo(id).length === 1, 10_000, "ephemeral");
    expect(posts("CBUTTON2")).toEqual([]);
  });

  it("sends a Home tab click's result to the app's DM with the clicker", async () => {
    await sendButtonClick(bot.base, {
      command: "stats task4",
      userId: "UHOME",
      home: true,
      responseUrl: "",
    });
    await slack.waitFor(
      () => slack.uploads.some((u) => u.channelId === "DHOME"),
      10_000,
      "DM upload",
    );
    expect(posts("UHOME").length).toBe(1);
  });
});

describe("routes and bookkeeping", () => {
  it("serves /healthz, /readyz and Prometheus /metrics", async () => {
    const health = await fetch(`${bot.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, mode: "http" });
    const ready = await fetch(`${bot.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { slack: { ready: true } } });
    const metrics = await (await fetch(`${bot.base}/metrics`)).text();
    expect(metrics).toMatch(/omsbot_slack_replies_total\{source="command",outcome="ok"\} \d+/);
    expect(metrics).toContain(
      'omsbot_slack_errors_total{method="chat.postMessage",code="not_in_channel"}',
    );
    expect(metrics).toMatch(/omsbot_slack_ack_seconds_count [1-9]\d*/);
    expect(metrics).toMatch(/omsbot_slack_uploads_total\{outcome="ok"\} [1-9]\d*/);
    // Commands are the runner's to count (by the name it parsed), not the adapter's.
    expect(metrics).not.toContain("omsbot_slack_commands_total");
  });

  it("keeps /metrics (unauthenticated) free of IDs, command texts and tokens", async () => {
    // An error answer quoting IDs, as a proxy might: its code must not become a label.
    slack.setError("chat.postMessage", "denied for C0LEAK by U0LEAK", { channel: "CLEAKY" });
    const id = "leak-1";
    await sendCommand(bot.base, {
      text: "stats secret-task-name",
      userId: "U0LEAKER",
      channelId: "CLEAKY",
      responseUrl: slack.responseUrl(id),
    });
    await slack.waitFor(() => slack.responsesTo(id).length >= 1, 10_000, "advice");
    const metrics = await (await fetch(`${bot.base}/metrics`)).text();

    const secrets = [
      slack.botToken,
      SIGNING_SECRET,
      "legacy-verification-token",
      "xox",
      "/respond/",
      "secret-task-name",
      "task1",
      "burst",
      "bogus",
      ...new Set(runner.runs.flatMap((r) => [r.ctx.userId, r.ctx.channelId ?? "", r.text])),
      "C0LEAK",
      "U0LEAK",
    ].filter((s) => s.length > 0 && !/^(list|help|stats|slow|bigreply)$/.test(s));
    for (const s of secrets) expect(metrics, s).not.toContain(s);

    // Every label is from a small, fixed vocabulary (or a Slack error code's shape).
    const allowed: Record<string, RegExp> = {
      source: /^(command|mention|button)$/,
      outcome: /^(ok|told_asker|failed)$/,
      method: /^[a-z][A-Za-z0-9_.]*$/,
      code: /^[a-z][a-z0-9_]*$/,
      le: /^(\d+(\.\d+)?|\+Inf)$/,
    };
    const labels = [...metrics.matchAll(/(\w+)="([^"]*)"/g)];
    expect(labels.length).toBeGreaterThan(5);
    for (const [, key = "", value = ""] of labels) {
      expect(Object.keys(allowed), key).toContain(key);
      expect(value, `${key}="${value}"`).toMatch(allowed[key] as RegExp);
    }
    expect(metrics).toContain('omsbot_slack_errors_total{method="chat.postMessage",code="other"}');
  });

  it("called only Web API methods listed in the scope table, always with the bot token", () => {
    const methods = new Set(slack.calls.map((c) => c.method));
    for (const m of methods) expect(Object.keys(METHOD_SCOPES)).toContain(m);
    expect(slack.calls.every((c) => c.token === slack.botToken)).toBe(true);
  });

  it("never logged a token", () => {
    const text = JSON.stringify(bot.logs);
    expect(text).not.toContain(slack.botToken);
    expect(text).not.toContain("legacy-verification-token");
  });
});

/**
 * Socket Mode against a local WebSocket server standing in for Slack: apps.connections.open
 * (on the fake Web API, with the app token) hands out its ws:// URL, it says `hello`, then sends
 * envelopes; the adapter must ack each envelope_id and post the reply through the Web API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeRunner, fakeRunner } from "./fake-runner.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { type Bot, startBot } from "./harness.ts";

let slack: FakeSlack;
let runner: FakeRunner;
let bot: Bot;

beforeAll(async () => {
  slack = await startFakeSlack();
  runner = fakeRunner();
  bot = await startBot(slack, runner, { appToken: slack.appToken, signingSecret: undefined });
});

afterAll(async () => {
  await bot?.app.stop();
  await slack?.close();
});

const acked = (envelopeId: string) =>
  slack.socketMessages.some((m) => m.envelope_id === envelopeId);

describe("Socket Mode", () => {
  it("connects with the app token through apps.connections.open", () => {
    expect(bot.app.mode).toBe("socket");
    const open = slack.callsTo("apps.connections.open");
    expect(open.length).toBe(1);
    expect(open[0]?.token).toBe(slack.appToken);
    expect(slack.socketClients()).toBe(1);
  });

  it("acks a slash_commands envelope and posts the reply", async () => {
    slack.socketSend({
      envelope_id: "env-cmd-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        token: "legacy-verification-token",
        team_id: "T0001",
        channel_id: "CSOCKET",
        user_id: "U0001",
        command: "/oms",
        text: "stats sock1",
        api_app_id: "A0001",
        response_url: slack.responseUrl("sock-1"),
        trigger_id: "t.1",
      },
    });
    await slack.waitFor(() => acked("env-cmd-1"), 5000, "ack envelope");
    await slack.waitFor(
      () => slack.uploads.some((u) => u.channelId === "CSOCKET"),
      10_000,
      "upload",
    );
    expect(slack.callsTo("chat.postMessage").some((c) => c.params.channel === "CSOCKET")).toBe(
      true,
    );
    expect(runner.runs.find((r) => r.ctx.channelId === "CSOCKET")?.ctx.source).toBe("command");
  });

  it("handles an app_mention delivered twice with one event_id once (bolt-js #2487)", async () => {
    const envelope = (id: string) => ({
      envelope_id: id,
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
      payload: {
        type: "event_callback",
        team_id: "T0001",
        api_app_id: "A0001",
        event_id: "EvSOCKDUP",
        event_time: 1,
        authorizations: [{ team_id: "T0001", user_id: "UBOT0001", is_bot: true }],
        event: {
          type: "app_mention",
          user: "U0001",
          text: "<@UBOT0001> list",
          ts: "1700000500.000100",
          channel: "CSOCKM",
          event_ts: "1700000500.000100",
        },
      },
    });
    slack.socketSend(envelope("env-ev-1"));
    slack.socketSend(envelope("env-ev-2"));
    await slack.waitFor(() => acked("env-ev-1") && acked("env-ev-2"), 5000, "both acked");
    await slack.waitFor(
      () => slack.callsTo("chat.postMessage").some((c) => c.params.channel === "CSOCKM"),
      5000,
      "reply",
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(runner.runs.filter((r) => r.ctx.channelId === "CSOCKM").length).toBe(1);
    const post = slack.callsTo("chat.postMessage").find((c) => c.params.channel === "CSOCKM");
    expect(post?.params.thread_ts).toBe("1700000500.000100");
  });

  it("serves /healthz, /readyz and /metrics on its own port", async () => {
    const health = await fetch(`${bot.base}/healthz`);
    expect(await health.json()).toEqual({ ok: true, mode: "socket" });
    const ready = await fetch(`${bot.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(bot.app.isConnected()).toBe(true);
    expect(await (await fetch(`${bot.base}/metrics`)).text()).toContain(
      "omsbot_slack_ack_seconds_count 1",
    );
    expect((await fetch(`${bot.base}/slack/events`, { method: "POST" })).status).toBe(404);
  });

  it("is not ready while the socket reconnects after Slack's disconnect, and ready again after", async () => {
    expect(bot.app.isConnected()).toBe(true);
    const opened = slack.callsTo("apps.connections.open").length;
    slack.socketSend({ type: "disconnect", reason: "refresh_requested" });
    await slack.waitFor(() => !bot.app.isConnected(), 5000, "the socket down");
    const down = await fetch(`${bot.base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      ready: false,
      checks: { slack: { ready: false, reason: "not connected" } },
    });
    // socket-mode waits its client ping timeout (5 s) before reconnecting.
    await slack.waitFor(() => bot.app.isConnected(), 15_000, "the socket back");
    expect(slack.callsTo("apps.connections.open").length).toBe(opened + 1);
    expect((await fetch(`${bot.base}/readyz`)).status).toBe(200);
  }, 20_000);
});

/**
 * stop() drains: new work is refused politely (a slash command gets a "restarting" note in its
 * ack; an event over HTTP gets a 503 so Slack sends it again later), work in flight — runner
 * call and delivery, uploads included — is waited for, up to drainTimeoutMs, and only then the
 * port closes. HTTP and Socket Mode, fake Slack.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CommandRunner } from "../../src/app/context.ts";
import { fakeRunner } from "./fake-runner.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { type Bot, startBot } from "./harness.ts";
import { sleep } from "./net-helpers.ts";
import { sendCommand, sendEvent } from "./slack-requests.ts";

let slack: FakeSlack | undefined;
let bot: Bot | undefined;

afterEach(async () => {
  await bot?.app.stop();
  await slack?.close();
  bot = undefined;
  slack = undefined;
});

/** A runner whose `stats` answers wait for `release()`; counts the runs that started. */
function gatedRunner() {
  const inner = fakeRunner();
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = 0;
  const runner: CommandRunner = {
    home: (ctx) => inner.home(ctx),
    async run(text, ctx) {
      if (text.startsWith("stats")) {
        started += 1;
        await gate;
      }
      return inner.run(text, ctx);
    },
  };
  return { runner, release, started: () => started };
}

const uploadsTo = (s: FakeSlack, prefix: string) =>
  s.uploads.filter((u) => u.channelId?.startsWith(prefix)).length;

describe("stop() drains", () => {
  it("HTTP: waits for 5 replies in flight, charts included, and refuses new work meanwhile", async () => {
    const s = await startFakeSlack();
    slack = s;
    const gated = gatedRunner();
    const b = await startBot(s, gated.runner, { drainTimeoutMs: 10_000 });
    bot = b;
    for (let i = 0; i < 5; i += 1) {
      const a = await sendCommand(b.base, {
        text: `stats t${i}`,
        channelId: `CDRAIN${i}`,
        responseUrl: s.responseUrl(),
      });
      expect(a.status).toBe(200);
    }
    await s.waitFor(() => gated.started() === 5, 5000, "5 runs started");

    let stopped = false;
    const stopping = b.app.stop().then(() => {
      stopped = true;
    });
    await sleep(200);
    expect(stopped).toBe(false);

    // New work while draining: a command is told to come back, an event is left for Slack to resend.
    const late = await sendCommand(b.base, {
      text: "list",
      channelId: "CLATE",
      responseUrl: s.responseUrl(),
    });
    expect(late.status).toBe(200);
    expect(JSON.parse(late.text)).toMatchObject({ response_type: "ephemeral" });
    expect(late.text).toContain("restarting");
    const lateEvent = await sendEvent(b.base, {
      type: "app_mention",
      user: "U0001",
      text: "<@UBOT0001> list",
      ts: "1700002000.000100",
      channel: "CLATEM",
      event_ts: "1700002000.000100",
    });
    expect(lateEvent.status).toBe(503);
    expect(stopped).toBe(false);
    // Still alive, no longer ready: a load balancer stops sending work here.
    expect((await fetch(`${b.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${b.base}/readyz`)).status).toBe(503);

    gated.release();
    await stopping;
    expect(uploadsTo(s, "CDRAIN")).toBe(5);
    expect(
      s.callsTo("chat.postMessage").filter((c) => String(c.params.channel).startsWith("CDRAIN")),
    ).toHaveLength(5);
    expect(s.callsTo("chat.postMessage").some((c) => c.params.channel === "CLATE")).toBe(false);
    expect(s.callsTo("chat.postMessage").some((c) => c.params.channel === "CLATEM")).toBe(false);
    // Closed after the drain.
    await expect(fetch(`${b.base}/healthz`)).rejects.toThrow();
  });

  it("HTTP: gives up on work that never finishes after drainTimeoutMs", async () => {
    const s = await startFakeSlack();
    slack = s;
    const gated = gatedRunner(); // never released
    const b = await startBot(s, gated.runner, { drainTimeoutMs: 300 });
    bot = b;
    await sendCommand(b.base, {
      text: "stats stuck",
      channelId: "CSTUCK",
      responseUrl: s.responseUrl(),
    });
    await s.waitFor(() => gated.started() === 1, 5000, "run started");
    const started = Date.now();
    await b.app.stop();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2000);
    expect(b.logs.some((l) => l.msg === "stopped with Slack work still in flight")).toBe(true);
    await expect(fetch(`${b.base}/healthz`)).rejects.toThrow();
  });

  it("Socket Mode: drains, tells a late mention to come back, then disconnects", async () => {
    const s = await startFakeSlack();
    slack = s;
    const gated = gatedRunner();
    const b = await startBot(s, gated.runner, { appToken: s.appToken, signingSecret: undefined });
    bot = b;
    s.socketSend({
      envelope_id: "env-drain-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        team_id: "T0001",
        channel_id: "CSOCKDRAIN",
        user_id: "U0001",
        command: "/oms",
        text: "stats sd",
        api_app_id: "A0001",
        response_url: s.responseUrl(),
        trigger_id: "t.1",
      },
    });
    await s.waitFor(() => gated.started() === 1, 5000, "run started");
    const stopping = b.app.stop();
    await sleep(100);
    s.socketSend({
      envelope_id: "env-drain-2",
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
      payload: {
        type: "event_callback",
        team_id: "T0001",
        api_app_id: "A0001",
        event_id: "EvDRAINLATE",
        event_time: 1,
        event: {
          type: "app_mention",
          user: "U0001",
          text: "<@UBOT0001> list",
          ts: "1700003000.000100",
          channel: "CSOCKLATE",
          event_ts: "1700003000.000100",
        },
      },
    });
    const late = () => s.callsTo("chat.postMessage").find((c) => c.params.channel === "CSOCKLATE");
    await s.waitFor(() => late() !== undefined, 5000, "restarting note");
    expect(late()?.params.thread_ts).toBe("1700003000.000100");
    expect(String(late()?.params.text)).toContain("restarting");
    expect(s.socketClients()).toBe(1);
    gated.release();
    await stopping;
    expect(uploadsTo(s, "CSOCKDRAIN")).toBe(1);
    await s.waitFor(() => s.socketClients() === 0, 5000, "socket closed");
  });

  it("a second stop() waits for the same drain", async () => {
    const s = await startFakeSlack();
    slack = s;
    const b = await startBot(s, fakeRunner());
    bot = b;
    const first = b.app.stop();
    expect(b.app.stop()).toBe(first);
    await first;
  });
});

/**
 * The `dispatcher` option carries every outbound Slack connection: a tiny CONNECT proxy on
 * loopback stands in for HTTPS_PROXY and counts the tunnels it opened — for auth.test, the reply,
 * the upload, response_url, and Socket Mode's apps.connections.open and WebSocket.
 */
import { ProxyAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { startProxy, type TinyProxy } from "../support/tiny-proxy.ts";
import { fakeRunner } from "./fake-runner.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { type Bot, startBot } from "./harness.ts";
import { sendCommand } from "./slack-requests.ts";

let slack: FakeSlack | undefined;
let bot: Bot | undefined;
let proxy: TinyProxy | undefined;
let agent: ProxyAgent | undefined;

afterEach(async () => {
  await bot?.app.stop();
  await agent?.close();
  await proxy?.close();
  await slack?.close();
  bot = slack = proxy = agent = undefined;
});

describe("outbound proxy (dispatcher)", () => {
  it("HTTP mode: Web API calls, the upload and response_url all go through it", async () => {
    slack = await startFakeSlack();
    proxy = await startProxy();
    agent = new ProxyAgent({ uri: proxy.url, proxyTunnel: true });
    bot = await startBot(slack, fakeRunner(), { dispatcher: agent });
    const target = new URL(slack.origin).host;
    expect(proxy.connects.length).toBeGreaterThanOrEqual(1); // auth.test at start
    const s = slack;
    await sendCommand(bot.base, {
      text: "stats px",
      channelId: "CPROXY",
      responseUrl: s.responseUrl(),
    });
    await s.waitFor(() => s.uploads.some((u) => u.channelId === "CPROXY"), 5000, "upload");
    await sendCommand(bot.base, {
      text: "help",
      channelId: "CPROXY",
      responseUrl: s.responseUrl("px-help"),
    });
    await s.waitFor(() => s.responsesTo("px-help").length === 1, 5000, "respond");
    expect(proxy.connects.every((c) => c === target)).toBe(true);
    // Every call reached the fake Slack through one of the proxy's tunnels: none bypassed it.
    const tunnels = proxy.upstreamPorts;
    expect(s.calls.map((c) => c.method)).toEqual(
      expect.arrayContaining(["auth.test", "chat.postMessage", "files.completeUploadExternal"]),
    );
    for (const c of s.calls) expect(tunnels.has(c.remotePort ?? -1), c.method).toBe(true);
    for (const r of s.responses) expect(tunnels.has(r.remotePort ?? -1), "response_url").toBe(true);
  });

  it("Socket Mode: apps.connections.open and the WebSocket go through it", async () => {
    slack = await startFakeSlack();
    proxy = await startProxy();
    agent = new ProxyAgent({ uri: proxy.url, proxyTunnel: true });
    const before = () => proxy?.connects.length ?? 0;
    bot = await startBot(slack, fakeRunner(), {
      dispatcher: agent,
      appToken: slack.appToken,
      signingSecret: undefined,
    });
    expect(slack.socketClients()).toBe(1);
    expect(before()).toBeGreaterThanOrEqual(2);
    const open = slack.callsTo("apps.connections.open")[0];
    expect(proxy?.upstreamPorts.has(open?.remotePort ?? -1)).toBe(true);
  });
});

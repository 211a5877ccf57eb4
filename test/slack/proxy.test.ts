/**
 * The `dispatcher` option carries every outbound Slack connection: a tiny CONNECT proxy on
 * loopback stands in for HTTPS_PROXY and counts the tunnels it opened — for auth.test, the reply,
 * the upload, response_url, and Socket Mode's apps.connections.open and WebSocket.
 */
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { ProxyAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { fakeRunner } from "./fake-runner.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { type Bot, startBot } from "./harness.ts";
import { sendCommand } from "./slack-requests.ts";

interface TinyProxy {
  url: string;
  /** host:port of every CONNECT, in order. */
  connects: string[];
  /** Local ports of the proxy's upstream connections: what the target sees as remote ports. */
  upstreamPorts: Set<number>;
  close(): Promise<void>;
}

async function startProxy(): Promise<TinyProxy> {
  const connects: string[] = [];
  const upstreamPorts = new Set<number>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req, client: Socket, head: Buffer) => {
    const target = req.url ?? "";
    connects.push(target);
    const [host = "", port = ""] = target.split(":");
    const upstream = connect(Number(port), host, () => {
      if (upstream.localPort) upstreamPorts.add(upstream.localPort);
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    upstreamPorts,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

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

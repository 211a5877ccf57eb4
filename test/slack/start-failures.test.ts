/**
 * A start that cannot work ends with one OmsbotError (CONFIG_INVALID) naming the setting to fix
 * and never its value — not with Bolt's and socket-mode's stack traces, an unhandled rejection
 * (Bolt's own auth.test in the App constructor), or a reconnect loop that never ends — and leaves
 * nothing running behind it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isOmsbotError, type OmsbotError } from "../../src/errors.ts";
import { fakeRunner } from "./fake-runner.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { startBot } from "./harness.ts";
import { closedOrigin, sleep, watchUnhandled } from "./net-helpers.ts";

let slack: FakeSlack;
let unhandled: ReturnType<typeof watchUnhandled>;

beforeEach(async () => {
  slack = await startFakeSlack();
  unhandled = watchUnhandled();
});

afterEach(async () => {
  unhandled.stop();
  await slack.close();
});

const listeningServers = () =>
  process.getActiveResourcesInfo().filter((kind) => kind === "TCPServerWrap").length;

async function failedStart(overrides: Parameters<typeof startBot>[2]): Promise<OmsbotError> {
  const serversBefore = listeningServers();
  const started = Date.now();
  const e = await startBot(slack, fakeRunner(), overrides).then(
    () => new Error("started"),
    (err: unknown) => err,
  );
  expect(Date.now() - started).toBeLessThan(3000);
  expect(isOmsbotError(e), String(e)).toBe(true);
  const err = e as OmsbotError;
  expect(err.code).toBe("CONFIG_INVALID");
  for (const secret of [slack.botToken, slack.appToken, "xoxb-wrong", "xapp-wrong"]) {
    expect(err.userMessage).not.toContain(secret);
    expect(err.detail ?? "").not.toContain(secret);
  }
  // Nothing left behind: no more calls to Slack, nothing unhandled, no server, no socket.
  const calls = slack.calls.length;
  await sleep(300);
  expect(slack.calls.length).toBe(calls);
  expect(unhandled.seen).toEqual([]);
  expect(slack.socketClients()).toBe(0);
  expect(listeningServers()).toBeLessThanOrEqual(serversBefore);
  return err;
}

describe("startSlackApp refuses to start", () => {
  it.each(["http", "socket"] as const)(
    "%s mode: a bad bot token names SLACK_BOT_TOKEN",
    async (mode) => {
      const err = await failedStart({
        botToken: "xoxb-wrong",
        ...(mode === "socket" ? { appToken: slack.appToken, signingSecret: undefined } : {}),
      });
      expect(err.userMessage).toContain("SLACK_BOT_TOKEN");
      expect(err.userMessage).toContain("invalid_auth");
      expect(slack.callsTo("auth.test")).toHaveLength(1);
      expect(slack.callsTo("apps.connections.open")).toEqual([]);
    },
  );

  it.each(["account_inactive", "token_revoked", "not_authed"])(
    "auth.test answering %s names SLACK_BOT_TOKEN",
    async (code) => {
      slack.setError("auth.test", code);
      const err = await failedStart({});
      expect(err.userMessage).toContain("SLACK_BOT_TOKEN");
      expect(err.userMessage).toContain(code);
    },
  );

  it("Socket Mode: an app token Slack refuses names SLACK_APP_TOKEN", async () => {
    const err = await failedStart({ appToken: "xapp-wrong", signingSecret: undefined });
    expect(err.userMessage).toContain("SLACK_APP_TOKEN");
    expect(err.userMessage).toContain("invalid_auth");
    expect(slack.callsTo("apps.connections.open")).toHaveLength(1);
  });

  it("Socket Mode: a refusal socket-mode would retry for ever (not_allowed_token_type) ends the start too", async () => {
    slack.setError("apps.connections.open", "not_allowed_token_type", { times: 1000 });
    const err = await failedStart({ appToken: slack.appToken, signingSecret: undefined });
    expect(err.userMessage).toContain("SLACK_APP_TOKEN");
    expect(err.userMessage).toContain("not_allowed_token_type");
    // socket-mode's reconnect timer would ask again after clientPingTimeout (5 s) × attempts.
    await sleep(5500);
    expect(slack.callsTo("apps.connections.open")).toHaveLength(1);
  }, 15_000);

  it.each(["http", "socket"] as const)(
    "%s mode: an unreachable Web API names SLACK_API_URL",
    async (mode) => {
      const err = await failedStart({
        apiUrl: `${await closedOrigin()}/api/`,
        ...(mode === "socket" ? { appToken: slack.appToken, signingSecret: undefined } : {}),
      });
      expect(err.userMessage).toContain("SLACK_API_URL");
      expect(err.userMessage).not.toContain("SLACK_BOT_TOKEN");
    },
  );

  it("HTTP mode without a signing secret names SLACK_SIGNING_SECRET, before calling Slack", async () => {
    const err = await failedStart({ signingSecret: undefined });
    expect(err.userMessage).toContain("SLACK_SIGNING_SECRET");
    expect(slack.calls).toEqual([]);
  });

  it.each(["http", "socket"] as const)("%s mode: a PORT in use names PORT", async (mode) => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const err = await failedStart({
        port,
        ...(mode === "socket" ? { appToken: slack.appToken, signingSecret: undefined } : {}),
      });
      expect(err.userMessage).toContain(`PORT ${port} is already in use`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});

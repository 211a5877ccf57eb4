/**
 * No secret in any log line, at the most verbose level: `src/main.ts` as a child process with
 * LOG_LEVEL=trace (Bolt and web-api then print their payloads), through the main flows — start,
 * commands with charts, a failing command, an alert rule, /metrics and /readyz, SIGTERM — once
 * with AK/SK (and a security token) through a proxy whose URL holds a password, once with an
 * IAM password login, once in Socket Mode with a fixed OMS token. A canary (the SK pasted into
 * an @mention, quoted back in the reply that web-api logs at debug) shows the scan can fail. Everything the process wrote,
 * stdout and stderr, is searched for every test secret as written, JSON-escaped and URL-encoded.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS } from "../../src/simulator/credentials.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.ts";
import { eventBody, postSigned, slashCommandBody } from "../slack/slack-requests.ts";
import { spawnMain } from "../support/spawn-main.ts";
import { startProxy, type TinyProxy } from "../support/tiny-proxy.ts";

const AK = "QTESTAKLEAKCHECK0042";
const SK = "qTestSkLeakCheck0042abcdefghijklmnopqrstu";
const SECURITY_TOKEN = "qTestSecurityTokenLeakCheck0042-stok";
const IAM_PASSWORD = "qTestIamPass#0042:with/odd chars";
const OMS_TOKEN = "qTestFixedOmsTokenLeakCheck0042";
const PROXY_PASSWORD = "qTestProxyPass0042";
const SIGNING = "qTestSigningSecretLeakCheck0042";
const BOT_TOKEN = "xoxb-4200-4201-qTestBotTokenLeakCheck";
const APP_TOKEN = "xapp-1-A4200-4202-qTestAppTokenLeakCheck";

/** Every form a secret could take in a JSON line or a URL. */
function forms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

let sim: Simulator;
let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "omsbot-secrets-"));
  sim = await startSimulator({
    credentials: {
      ak: AK,
      sk: SK,
      tokens: [OMS_TOKEN],
      iamUsers: [{ name: "leakcheck-user", password: IAM_PASSWORD, domain: "leakcheck-domain" }],
    },
  });
});
afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  output: string;
  code: number | null;
}

/** Starts main with `env`, waits until it runs, does `work`, stops it with SIGTERM. */
async function runMain(
  env: Record<string, string>,
  work: (base: string) => Promise<void>,
): Promise<Run> {
  let output = "";
  const child: ChildProcess = spawnMain({
    cwd: dir,
    env: { PORT: "0", LOG_LEVEL: "trace", ALERT_POLL_CRON: "*/1 * * * * *", ...env },
    stdin: "ignore",
  });
  // "close", not "exit": the last lines may still be in the pipes when the process has exited.
  const exited = new Promise<number | null>((done) => child.on("close", (c) => done(c)));
  for (const s of [child.stdout, child.stderr]) s?.on("data", (d: Buffer) => (output += d));
  try {
    const until = Date.now() + 40_000;
    let base = "";
    while (!base && Date.now() < until) {
      const m = output.match(/"port":(\d+)[^\n]*"msg":"omsbot is running"/);
      if (m) base = `http://127.0.0.1:${m[1]}`;
      else await new Promise((r) => setTimeout(r, 100));
    }
    if (!base) throw new Error(`omsbot did not start:\n${output.slice(-3000)}`);
    await work(base);
  } finally {
    child.kill("SIGTERM");
  }
  // Awaited first: `output` read in the same expression would miss the last lines.
  const code = await exited;
  return { output, code };
}

/** Commands that touch OMS, the renderer, the store and the error path; then ops routes. */
async function mainFlows(slack: FakeSlack, base: string, send: (text: string) => Promise<void>) {
  for (const text of [
    "list",
    "task nightly-backup",
    "stats media-sync last 6h",
    "stats no-such-task",
    "alert add media-sync failures > 1 in 15m",
  ]) {
    await send(text);
  }
  await slack.waitFor(() => slack.uploads.length >= 1, 30_000, "a chart uploaded");
  // An alert evaluation runs every second here: give it a round or two (posts and charts).
  await new Promise((r) => setTimeout(r, 2500));
  expect((await fetch(`${base}/metrics`)).status).toBe(200);
  expect([200, 503]).toContain((await fetch(`${base}/readyz`)).status);
}

function expectNoSecrets(run: Run, secrets: string[]): void {
  // The scan reads what it should: the process logged verbosely and got through its flows.
  expect(run.output).toContain('"level":20');
  expect(run.output).toContain("command handled");
  expect(run.output).toContain("stopping: finishing the work in flight");
  expect(run.code).toBe(0);
  for (const secret of secrets) {
    for (const f of forms(secret)) expect(run.output, `leaked: ${secret}`).not.toContain(f);
  }
  // Tokens IAM issued at run time are secrets the config never knew.
  expect(run.output).not.toMatch(/MIIS[A-Za-z0-9_-]{40,}/);
}

describe("secrets never reach the logs (LOG_LEVEL=trace)", () => {
  let slack: FakeSlack | undefined;
  let proxy: TinyProxy | undefined;
  afterAll(async () => {
    await slack?.close();
    await proxy?.close();
  });

  it("HTTP mode, AK/SK with a security token, through a proxy with a password", async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    proxy = await startProxy();
    const proxyUrl = proxy.url.replace("http://", `http://leakcheck:${PROXY_PASSWORD}@`);
    const s = slack;
    const run = await runMain(
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING,
        SLACK_API_URL: s.url,
        OMS_ENDPOINT: sim.url,
        OMS_PROJECT_ID: sim.projectId,
        HUAWEICLOUD_SDK_AK: AK,
        HUAWEICLOUD_SDK_SK: SK,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: SECURITY_TOKEN,
        HTTPS_PROXY: proxyUrl,
        HTTP_PROXY: proxyUrl,
        STATE_DIR: join(dir, "aksk"),
      },
      async (base) => {
        await mainFlows(s, base, async (text) => {
          const { status } = await sendCommandWith(base, SIGNING, text, s.responseUrl());
          expect(status).toBe(200);
        });
        const mention = eventBody({
          type: "app_mention",
          user: "U0001",
          text: `<@UBOT0001> stats ${SK}`,
          ts: "1700000900.000100",
          channel: "CCANARY",
          event_ts: "1700000900.000100",
        });
        await postSigned(`${base}/slack/events`, mention, "application/json", { secret: SIGNING });
        await s.waitFor(
          () => s.callsTo("chat.postMessage").some((c) => c.params.channel === "CCANARY"),
          10_000,
          "the answer to the mention",
        );
      },
    );
    // A canary: someone pastes the SK into Slack. The reply quotes it back in a chat.postMessage
    // body, which web-api prints at debug level; only masking by value keeps it out of the log.
    expect(s.callsTo("chat.postMessage").some((c) => JSON.stringify(c.params).includes(SK))).toBe(
      true,
    );
    // The cloud calls did go through the proxy (else its password was never in play).
    expect(proxy.connects).toContain(new URL(sim.url).host);
    expectNoSecrets(run, [AK, SK, SECURITY_TOKEN, PROXY_PASSWORD, SIGNING, BOT_TOKEN]);
    expect(run.output).not.toContain(`leakcheck:${PROXY_PASSWORD.slice(0, 6)}`);
    await slack.close();
    slack = undefined;
  }, 90_000);

  it("HTTP mode, IAM password login", async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    const s = slack;
    const run = await runMain(
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING,
        SLACK_API_URL: s.url,
        OMS_ENDPOINT: sim.url,
        OMS_PROJECT_ID: sim.projectId,
        IAM_ENDPOINT: sim.url,
        IAM_USER: "leakcheck-user",
        IAM_PASSWORD,
        IAM_DOMAIN: "leakcheck-domain",
        STATE_DIR: join(dir, "iam"),
      },
      (base) =>
        mainFlows(s, base, async (text) => {
          expect((await sendCommandWith(base, SIGNING, text, s.responseUrl())).status).toBe(200);
        }),
    );
    expect(sim.iam.issuedCount).toBeGreaterThan(0);
    expectNoSecrets(run, [IAM_PASSWORD, SIGNING, BOT_TOKEN]);
    await slack.close();
    slack = undefined;
  }, 90_000);

  it("Socket Mode, a fixed OMS token", async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    const s = slack;
    const run = await runMain(
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: s.url,
        OMS_ENDPOINT: sim.url,
        OMS_PROJECT_ID: sim.projectId,
        OMS_AUTH_TOKEN: OMS_TOKEN,
        STATE_DIR: join(dir, "socket"),
      },
      async (base) => {
        await s.waitFor(() => s.socketClients() > 0, 10_000, "the Socket Mode connection");
        let n = 0;
        await mainFlows(s, base, async (text) => {
          n++;
          s.socketSend(slashEnvelope(`env-${n}`, text, s.responseUrl()));
        });
      },
    );
    expectNoSecrets(run, [APP_TOKEN, BOT_TOKEN, OMS_TOKEN]);
  }, 90_000);

  it("the demo credentials are not what these runs used", () => {
    // Guards the test itself: with the simulator's demo values, a leak could hide behind them.
    expect([AK, SK]).not.toContain(DEMO_CREDENTIALS.ak);
  });
});

/** A slash command signed with this run's signing secret. */
function sendCommandWith(base: string, secret: string, text: string, responseUrl: string) {
  return postSigned(
    `${base}/slack/events`,
    slashCommandBody({ text, channelId: "CLEAK", responseUrl }),
    "application/x-www-form-urlencoded",
    { secret },
  );
}

/** A slash command as Socket Mode delivers it. */
function slashEnvelope(id: string, text: string, responseUrl: string): Record<string, unknown> {
  return {
    envelope_id: id,
    type: "slash_commands",
    accepts_response_payload: true,
    payload: {
      token: "legacy-verification-token",
      team_id: "T0001",
      channel_id: "CLEAK",
      user_id: "U0001",
      command: "/oms",
      text,
      api_app_id: "A0001",
      response_url: responseUrl,
      trigger_id: `trigger.${id}`,
    },
  };
}

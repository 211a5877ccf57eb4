/**
 * The composition root in Slack HTTP mode: `src/main.ts` as a child process, configured only by
 * the environment (DESIGN "Contracts"), talking to a fake Slack, with the built-in simulator.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG_HEIGHT, PNG_WIDTH } from "../../src/render/constants.ts";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.ts";
import { SIGNING_SECRET, sendCommand } from "../slack/slack-requests.ts";
import { ROOT, spawnMain } from "../support/spawn-main.ts";

let slack: FakeSlack;
let child: ChildProcess;
let base = "";
let stdout = "";
let exited: Promise<number | null>;

let stateDir = "";

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "omsbot-e2e-"));
  slack = await startFakeSlack();
  child = spawnMain({
    cwd: ROOT,
    env: {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      PORT: "0",
      LOG_LEVEL: "info",
      OMSBOT_DEMO: "1",
      // Each bot its own state folder: one bot per STATE_DIR (a second one is refused).
      STATE_DIR: stateDir,
    },
    stdin: "ignore",
  });
  exited = new Promise((done) => child.on("exit", (code) => done(code)));
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  // main logs the bound port once Bolt is listening.
  const started = Date.now();
  while (Date.now() - started < 30_000) {
    const m = stdout.match(/"port":(\d+)[^\n]*"msg":"omsbot is running"/);
    if (m) {
      base = `http://127.0.0.1:${m[1]}`;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!base) throw new Error(`omsbot did not start:\n${stdout}`);
}, 40_000);

afterAll(async () => {
  child?.kill("SIGTERM");
  await exited;
  await slack?.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe("npm start with Slack settings", () => {
  it("answers /healthz", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
  });

  it("handles a signed /oms stats end to end and uploads the chart", async () => {
    const answer = await sendCommand(base, {
      text: "stats media-sync last 6h",
      channelId: "CMAIN",
      responseUrl: slack.responseUrl(),
    });
    expect(answer.status).toBe(200);
    await slack.waitFor(() => slack.uploads.some((u) => u.channelId === "CMAIN"), 20_000, "upload");
    const up = slack.uploads.find((u) => u.channelId === "CMAIN");
    const png = PNG.sync.read(Buffer.from(up?.bytes ?? new Uint8Array()));
    expect([png.width, png.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
  });

  it("never logs the bot token or the signing secret", () => {
    expect(stdout).toContain("starting omsbot");
    expect(stdout).not.toContain(slack.botToken);
    expect(stdout).not.toContain(SIGNING_SECRET);
  });

  it("stops cleanly on SIGTERM", async () => {
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

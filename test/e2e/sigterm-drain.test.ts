/**
 * Stopping must not lose answers: the bot as `npm start` runs it (`node --import tsx`, one
 * process; tsx's CLI wrapper used to kill it 30 ms after the signal) in its own process group, 20 charts in flight,
 * then SIGTERM to the whole group (what a terminal's Ctrl-C, systemd or a container runtime do).
 * Every chart must still reach Slack and the process must exit 0.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.ts";
import { SIGNING_SECRET, sendCommand } from "../slack/slack-requests.ts";
import { ROOT, spawnMain } from "../support/spawn-main.ts";

const CHARTS = 20;
let slack: FakeSlack;
let child: ChildProcess;
let exited: Promise<number | null>;
let stdout = "";

let stateDir = "";

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "omsbot-e2e-"));
  slack = await startFakeSlack();
  child = spawnMain({
    cwd: ROOT,
    detached: true,
    stdin: "ignore",
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
  });
  exited = new Promise((done) => child.on("exit", (code) => done(code)));
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
}, 10_000);

afterAll(async () => {
  if (child?.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
  await slack?.close();
  await rm(stateDir, { recursive: true, force: true });
});

async function runningPort(): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 40_000) {
    const m = stdout.match(/"port":(\d+)[^\n]*"msg":"omsbot is running"/);
    if (m) return Number(m[1]);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`omsbot did not start:\n${stdout}`);
}

describe("SIGTERM to the bot's process group", () => {
  it("delivers all 20 charts in flight and exits 0", async () => {
    const base = `http://127.0.0.1:${await runningPort()}`;
    const answers = await Promise.all(
      Array.from({ length: CHARTS }, (_, i) =>
        sendCommand(base, {
          text: "stats media-sync last 24h",
          channelId: `CDRAIN${i}`,
          responseUrl: slack.responseUrl(),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(CHARTS).fill(200));
    // Charts take ~100 ms each on two workers: most are still being drawn now.
    const before = slack.uploads.length;
    expect(before).toBeLessThan(CHARTS);
    if (!child.pid) throw new Error("no pid");
    process.kill(-child.pid, "SIGTERM");
    expect(await exited).toBe(0);
    const channels = new Set(slack.uploads.map((u) => u.channelId));
    expect(channels.size).toBe(CHARTS);
    expect(slack.uploads).toHaveLength(CHARTS);
  }, 60_000);
});

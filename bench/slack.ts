/**
 * The Slack adapter in HTTP mode against the fake Slack on loopback: how fast 100 concurrent
 * signed `/oms stats` commands are acknowledged while the runner is busy (CPU-bound by default,
 * or the real runner if given), and how long from a command to its PNG being shared.
 * Run: npx tsx bench/slack.ts
 */
import { pathToFileURL } from "node:url";
import pino from "pino";
import type { CommandRunner } from "../src/app/context.ts";
import { startSlackApp } from "../src/chat/slack/index.ts";
import { histogramQuantile } from "../src/ops/metrics.ts";
import { fakeRunner } from "../test/slack/fake-runner.ts";
import { startFakeSlack } from "../test/slack/fake-slack.ts";
import { SIGNING_SECRET, slashCommandBody } from "../test/slack/slack-requests.ts";
import { loadFromWorker, type WorkerAnswer } from "../test/slack/worker-client.ts";

const CONCURRENT = 100;
const SEQUENTIAL = 20;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

const ms = (x: number) => Number(x.toFixed(1));

/**
 * `task` is the task named in `/oms stats <task>` (give a real one with the real runner); the
 * default fake runner spends 50 ms of CPU per command before answering with a chart.
 */
export async function benchSlack(
  runner?: CommandRunner,
  opts: { task?: string } = {},
): Promise<Array<Record<string, string | number>>> {
  const task = opts.task ?? "task1";
  const slack = await startFakeSlack();
  const app = await startSlackApp({
    botToken: slack.botToken,
    signingSecret: SIGNING_SECRET,
    apiUrl: slack.url,
    port: 0,
    host: "127.0.0.1",
    runner: runner ?? fakeRunner({ busyMs: 50 }),
    defaultTz: "UTC",
    admins: new Set(),
    logger: pino({ level: "silent" }),
  });
  const base = `http://127.0.0.1:${app.port}`;
  const rows: Array<Record<string, string | number>> = [];
  const shared = (channel: string) =>
    slack.calls.find(
      (c) => c.method === "files.completeUploadExternal" && c.params.channel_id === channel,
    )?.at;

  /** Sends the commands from a worker thread and returns each one's ack time, ms. */
  async function send(channels: string[]): Promise<WorkerAnswer[]> {
    const bodies = channels.map((c) =>
      slashCommandBody({ text: `stats ${task}`, channelId: c, responseUrl: slack.responseUrl() }),
    );
    const answers = await loadFromWorker(`${base}/slack/events`, bodies);
    const bad = answers.find((a) => a.status !== 200);
    if (bad) throw new Error(`a command was answered ${bad.status}`);
    return answers;
  }

  async function toPng(channels: string[], sentAt: Map<string, number>): Promise<number[]> {
    await slack.waitFor(() => channels.every((c) => shared(c) !== undefined), 120_000, "all PNGs");
    return channels.map((c) => (shared(c) ?? Number.NaN) - (sentAt.get(c) ?? Number.NaN));
  }

  try {
    // Warm-up: auth, users.info cache, JIT.
    const [warm] = await send(["CWARM"]);
    if (!warm) throw new Error("warm-up failed");
    await toPng(["CWARM"], new Map([["CWARM", warm.sent]]));

    const seq: string[] = [];
    const seqSent = new Map<string, number>();
    for (let i = 0; i < SEQUENTIAL; i += 1) {
      const ch = `CSEQ${i}`;
      const [r] = await send([ch]);
      if (!r) throw new Error("command failed");
      seq.push(ch);
      seqSent.set(ch, r.sent);
      await toPng([ch], seqSent);
    }
    const seqPng = await toPng(seq, seqSent);
    rows.push({
      case: `1 command at a time (${SEQUENTIAL})`,
      metric: "command → PNG shared",
      p50_ms: ms(quantile(seqPng, 0.5)),
      p99_ms: ms(quantile(seqPng, 0.99)),
    });

    const channels = Array.from({ length: CONCURRENT }, (_, i) => `CBENCH${i}`);
    const results = await send(channels);
    const acks = results.map((r) => r.ack);
    const sentAt = new Map(channels.map((c, i) => [c, results[i]?.sent ?? Number.NaN]));
    const png = await toPng(channels, sentAt);
    rows.push({
      case: `${CONCURRENT} concurrent`,
      metric: "ack",
      p50_ms: ms(quantile(acks, 0.5)),
      p99_ms: ms(quantile(acks, 0.99)),
    });
    rows.push({
      case: `${CONCURRENT} concurrent`,
      metric: "command → PNG shared",
      p50_ms: ms(quantile(png, 0.5)),
      p99_ms: ms(quantile(png, 0.99)),
    });
    // From the ack histogram's buckets: as precise as its bucket widths.
    const server = (q: number) =>
      histogramQuantile(app.ops.registry, "omsbot_slack_ack_seconds", q);
    rows.push({
      case: "all, server side",
      metric: "receipt → ack() (histogram)",
      p50_ms: ms((await server(0.5)) * 1000),
      p99_ms: ms((await server(0.99)) * 1000),
    });
  } finally {
    await app.stop();
    await slack.close();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.table(await benchSlack());
}

/**
 * The compiled bot as `npm run start:dist` and the Dockerfile run it (Slack HTTP mode), a
 * process of its own; the simulator (on a thread) and the fake Slack live in this one, so the
 * bot's numbers are its own: start → `/readyz` 200, the first chart after ready against the
 * median of charts one at a time, then 100 concurrent `/oms stats` (ack p99 from a load
 * thread, command → chart shared), and the bot's peak RSS (`VmHWM`; its render workers are
 * threads, so they count).
 * Each command asks a different task or range: the same question twice is answered from the
 * stats cache, which would measure the cache, not the bot.
 * Run: npx tsx bench/bot-process.ts (builds dist/ from the sources first, once per process).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildDemoTasks } from "../src/simulator/demo-tasks.ts";
import { startFakeSlack } from "../test/slack/fake-slack.ts";
import { slashCommandBody } from "../test/slack/slack-requests.ts";
import { loadFromWorker } from "../test/slack/worker-client.ts";
import { slackBotEnv } from "../test/support/bot-env.ts";
import { cleanEnv, ROOT, startDistCommand } from "../test/support/spawn-main.ts";
import { startSimThread } from "./sim-thread.ts";

export interface BotProcessResult {
  startToReadyMs: number;
  firstChartMs: number;
  medianChartMs: number;
  ackP50Ms: number;
  ackP99Ms: number;
  chartP50Ms: number;
  chartP99Ms: number;
  delivered: number;
  peakRssMb: number;
  idleRssMb: number;
  /** The main thread's V8 heap after the burst (from /metrics): the rest of the peak is workers and native. */
  mainHeapMb: number;
}

const CONCURRENT = 100;
/** The simulator's demo tasks, by the names people type. */
const TASKS = buildDemoTasks(0, 0).map((t) => t.name);
const SEQUENTIAL = 9;

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

/** `VmHWM` / `VmRSS` of a process, MB (Linux). */
async function memMb(pid: number, field: "VmHWM" | "VmRSS"): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

let built = false;

async function mainHeapMb(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const bytes = Number(/^nodejs_heap_size_total_bytes (\d+)/m.exec(text)?.[1] ?? NaN);
  return Math.round(bytes / 2 ** 20);
}

export async function benchBotProcess(): Promise<BotProcessResult> {
  // A dist/ left from older sources would measure them: ~6 s to build it afresh.
  if (!built) execFileSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "inherit" });
  built = true;
  const sim = await startSimThread({});
  const slack = await startFakeSlack();
  const stateDir = await mkdtemp(join(tmpdir(), "omsbot-bench-"));
  let child: ChildProcess | undefined;
  try {
    const t0 = performance.now();
    const start = startDistCommand();
    child = spawn(process.execPath, start.args, {
      cwd: ROOT,
      env: {
        ...cleanEnv(),
        ...slackBotEnv(
          slack,
          sim,
          // As `npm run start:dist` and the Dockerfile run it.
          { ...start.env, STATE_DIR: stateDir, LOG_LEVEL: "info" },
          "aksk",
        ),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const pid = child.pid ?? 0;
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    let base = "";
    while (!base) {
      if (performance.now() - t0 > 30_000) throw new Error(`the bot did not start:\n${out}`);
      const m = /"port":(\d+)[^\n]*"msg":"omsbot is running"/.exec(out);
      if (m) base = `http://127.0.0.1:${m[1]}`;
      else await new Promise((r) => setTimeout(r, 5));
    }
    while ((await fetch(`${base}/readyz`).catch(() => undefined))?.status !== 200) {
      if (performance.now() - t0 > 30_000) throw new Error("the bot never said ready");
      await new Promise((r) => setTimeout(r, 5));
    }
    const startToReadyMs = performance.now() - t0;
    const idleRssMb = await memMb(pid, "VmRSS");

    const shared = (channel: string) =>
      slack.calls.find(
        (c) => c.method === "files.completeUploadExternal" && c.params.channel_id === channel,
      )?.at;
    let n = 0;
    /** Sends one command per channel, each a question not asked before; ms to each chart. */
    async function charts(count: number): Promise<{ acks: number[]; toChart: number[] }> {
      const channels = Array.from({ length: count }, () => `CB${n++}`);
      const bodies = channels.map((c, i) => {
        const k = n - count + i;
        const task = TASKS[k % TASKS.length] ?? "nightly-backup";
        const hours = 6 + Math.floor(k / TASKS.length);
        const text = `stats ${task} last ${hours}h`;
        return slashCommandBody({ text, channelId: c, responseUrl: slack.responseUrl() });
      });
      const answers = await loadFromWorker(`${base}/slack/events`, bodies);
      if (answers.some((a) => a.status !== 200)) throw new Error("a command was not acknowledged");
      await slack.waitFor(() => channels.every((c) => shared(c) !== undefined), 120_000, "charts");
      return {
        acks: answers.map((a) => a.ack),
        toChart: channels.map((c, i) => (shared(c) ?? NaN) - (answers[i]?.sent ?? NaN)),
      };
    }
    const first = (await charts(1)).toChart[0] ?? NaN;
    const one: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) one.push(...(await charts(1)).toChart);
    const burst = await charts(CONCURRENT);
    return {
      startToReadyMs,
      firstChartMs: first,
      medianChartMs: quantile(one, 0.5),
      ackP50Ms: quantile(burst.acks, 0.5),
      ackP99Ms: quantile(burst.acks, 0.99),
      chartP50Ms: quantile(burst.toChart, 0.5),
      chartP99Ms: quantile(burst.toChart, 0.99),
      delivered: burst.toChart.filter(Number.isFinite).length,
      peakRssMb: await memMb(pid, "VmHWM"),
      idleRssMb,
      mainHeapMb: await mainHeapMb(base),
    };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    await slack.close();
    await sim.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(JSON.stringify(await benchBotProcess(), null, 1));
}

/**
 * A command runner with OMS and SenseCore ADS on one simulator, a clock the test moves, the
 * memory store (where the ADS progress history lives), charts captured, and every log line at
 * trace level kept (the secrets test reads them all).
 */
import pino from "pino";
import { Agent } from "undici";
import { AdsProgressRecorder } from "../../src/app/ads/progress-recorder.ts";
import { AlertService } from "../../src/app/alerts/alert-service.ts";
import type { Alerting } from "../../src/app/alerts/alerting.ts";
import type { RequestContext } from "../../src/app/context.ts";
import type { StateStore } from "../../src/app/ports.ts";
import { createCommandRunner } from "../../src/app/runner.ts";
import { TaskDirectory } from "../../src/app/task-directory.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import type { StatsChartInput } from "../../src/core/chart-input.ts";
import type { Reply } from "../../src/core/reply.ts";
import { adsClientFor } from "../../src/simulator/ads-client.ts";
import { omsClientFor } from "../../src/simulator/client.ts";
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../src/simulator/server.ts";
import { createMemoryStore } from "../../src/store/memory-store.ts";
import { RecordingCharts, RecordingChat } from "./alert-harness.ts";

export const NOW = Date.UTC(2026, 10, 22, 12, 3, 7);

export interface AdsWorld {
  sim: Simulator;
  clock: { now: number };
  store: StateStore;
  recorder: AdsProgressRecorder;
  charts: StatsChartInput[];
  /** Every log line, trace level up, as written. */
  lines: string[];
  run(text: string, tz?: string): Promise<Reply>;
  close(): Promise<void>;
}

export async function startAdsWorld(
  o: { sim?: Omit<SimulatorOptions, "now">; ads?: boolean } = {},
): Promise<AdsWorld> {
  const clock = { now: NOW };
  const sim = await startSimulator({ ...o.sim, now: () => clock.now });
  const dispatcher = new Agent();
  const lines: string[] = [];
  const logger = pino({ level: "trace" }, { write: (l: string) => void lines.push(l) });
  const common = {
    dispatcher,
    logger,
    now: () => clock.now,
    sleep: async () => {},
    backoff: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    deadlineMs: 5_000,
  };
  const oms = omsClientFor(sim, {
    ...common,
    auth: new StaticTokenProvider(sim.credentials.tokens[0] ?? ""),
  });
  const ads = adsClientFor(sim, { ...common, signingClock: () => new Date(clock.now) });
  const store = createMemoryStore();
  const chat = new RecordingChat();
  const alerts = new AlertService({
    oms,
    store,
    outbound: chat,
    charts: new RecordingCharts(),
    logger,
    tz: "UTC",
    newId: () => "i1",
  });
  const alerting: Alerting = {
    store,
    outbound: chat,
    alerts,
    runDigest: async () => "not-found",
    digestsChanged: async () => {},
    rulesChanged: () => {},
    newId: (p) => `${p}1`,
    pollDescription: "every 5 minutes",
  };
  const charts: StatsChartInput[] = [];
  const runner = createCommandRunner({
    oms,
    charts: {
      async renderStats(input) {
        charts.push(input);
        return new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
      },
    },
    tasks: new TaskDirectory(oms, 0, () => clock.now),
    logger,
    alerting,
    ...(o.ads === false ? {} : { ads }),
  });
  const ctx = (tz: string): RequestContext => ({
    userId: "U1",
    tz,
    now: clock.now,
    channelId: "COPS",
    isAdmin: true,
    source: "command",
  });
  return {
    sim,
    clock,
    store,
    recorder: new AdsProgressRecorder(ads, store, logger),
    charts,
    lines,
    run: (text, tz = "UTC") => runner.run(text, ctx(tz)),
    async close() {
      await dispatcher.close();
      await sim.close();
    },
  };
}

/** All of a reply that anyone could read: text, blocks, file names and file bytes as text. */
export function replyDump(r: Reply): string {
  const files = r.files.map((f) => `${f.filename} ${f.title} ${new TextDecoder().decode(f.data)}`);
  return `${JSON.stringify({ text: r.text, blocks: r.blocks })}\n${files.join("\n")}`;
}

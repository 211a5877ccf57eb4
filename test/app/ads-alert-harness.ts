/**
 * ADS alerts and digests against the simulator over loopback, with the test's clock: the real
 * OMS and ADS clients, the memory store, the progress recorder run after each round (as the
 * wiring does), a recording chat. The simulator cannot restart an ADS task, so `restart` puts a
 * task's state over the simulator's answer (the one thing that is not the simulator's).
 */
import pino from "pino";
import { Agent } from "undici";
import { AdsProgressRecorder } from "../../src/app/ads/progress-recorder.ts";
import type { AdsPort } from "../../src/app/ads-port.ts";
import { AlertService, type EvaluationReport } from "../../src/app/alerts/alert-service.ts";
import type { Alerting } from "../../src/app/alerts/alerting.ts";
import { DigestService } from "../../src/app/digests/digest-service.ts";
import type { StateStore } from "../../src/app/ports.ts";
import { createCommandRunner } from "../../src/app/runner.ts";
import { TaskDirectory } from "../../src/app/task-directory.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import type { AdsTask } from "../../src/core/ads-domain.ts";
import { adsClientFor } from "../../src/simulator/ads-client.ts";
import { omsClientFor } from "../../src/simulator/client.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";
import { createMemoryStore } from "../../src/store/memory-store.ts";
import { RecordingCharts, RecordingChat } from "./alert-harness.ts";

export const T0 = Date.UTC(2026, 10, 22, 12, 0, 7);
export const MIN = 60_000;

export interface AdsAlertWorld {
  sim: Simulator;
  clock: { now: number };
  store: StateStore;
  chat: RecordingChat;
  charts: RecordingCharts;
  digests: DigestService;
  /** ADS list calls made through the port the services use. */
  adsCalls: { n: number };
  /** Fields laid over one task's answer from then on (e.g. `{ state: "DOING" }`: restarted). */
  override(taskId: string, fields: Partial<AdsTask>): void;
  /** One round at T0 + minutes: the alert evaluation, then the recorder, as alerting-wiring does. */
  round(minutes: number): Promise<EvaluationReport>;
  run(text: string): Promise<{ text: string; isError: boolean }>;
  close(): Promise<void>;
}

export async function startAdsAlertWorld(): Promise<AdsAlertWorld> {
  const clock = { now: T0 };
  const sim = await startSimulator({ now: () => clock.now });
  const dispatcher = new Agent();
  const logger = pino({ level: "silent" });
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
  const client = adsClientFor(sim, { ...common, signingClock: () => new Date(clock.now) });
  const overrides = new Map<string, Partial<AdsTask>>();
  const adsCalls = { n: 0 };
  const ads: AdsPort = {
    async listTasks(opts) {
      adsCalls.n++;
      const tasks = await client.listTasks(opts);
      return tasks.map((t) => ({ ...t, ...overrides.get(t.id) }));
    },
  };
  const store = createMemoryStore();
  const chat = new RecordingChat();
  const charts = new RecordingCharts();
  let ids = 0;
  const alerts = new AlertService({
    oms,
    store,
    outbound: chat,
    charts,
    logger,
    tz: "UTC",
    newId: () => `i${++ids}`,
    ads,
  });
  const digests = new DigestService({
    oms,
    store,
    outbound: chat,
    charts,
    claims: { tryClaim: async () => true },
    logger,
    ads,
  });
  const recorder = new AdsProgressRecorder(ads, store, logger);
  const alerting: Alerting = {
    store,
    outbound: chat,
    alerts,
    runDigest: async () => "not-found",
    digestsChanged: async () => {},
    rulesChanged: () => {},
    newId: (p) => `${p}${++ids}`,
    pollDescription: "every 5 minutes",
  };
  const runner = createCommandRunner({
    oms,
    charts: { renderStats: async () => new Uint8Array() },
    tasks: new TaskDirectory(oms, 0, () => clock.now),
    logger,
    alerting,
    ads,
  });
  return {
    sim,
    clock,
    store,
    chat,
    charts,
    digests,
    adsCalls,
    override: (id, fields) => void overrides.set(id, { ...overrides.get(id), ...fields }),
    async round(minutes) {
      clock.now = T0 + minutes * MIN;
      const report = await alerts.evaluate(clock.now);
      await recorder.record(clock.now);
      return report;
    },
    async run(text) {
      const r = await runner.run(text, {
        userId: "UALICE",
        tz: "UTC",
        now: clock.now,
        channelId: "COPS",
        isAdmin: true,
        source: "command",
      });
      return { text: r.text, isError: r.isError === true };
    },
    async close() {
      await dispatcher.close();
      await sim.close();
    },
  };
}

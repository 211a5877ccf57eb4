/**
 * Alerts and digests at scale, against the simulator with 50 ms of API latency: one evaluation
 * round of 200 rules over 50 tasks (how many statistics calls, how long), and a digest of 200
 * tasks with its small-multiples chart drawn on the worker pool. Targets (issue 8): ≤ 50
 * statistics calls for the round, ≤ 2 s for the digest.
 */
import pino from "pino";
import { Agent } from "undici";
import { AlertService } from "../src/app/alerts/alert-service.ts";
import { DigestService } from "../src/app/digests/digest-service.ts";
import type { OutboundChat } from "../src/app/ports.ts";
import { AkSkProvider } from "../src/clients/auth/aksk-provider.ts";
import { OmsClient } from "../src/clients/oms/client.ts";
import type { AlertRule, DigestSpec } from "../src/core/alert-model.ts";
import type { AlertCondition } from "../src/core/command.ts";
import { RenderPool } from "../src/render/pool.ts";
import { omsClientFor } from "../src/simulator/client.ts";
import { startSimulator } from "../src/simulator/server.ts";
import { createMemoryStore } from "../src/store/memory-store.ts";
import { LocalRunClaims } from "../src/store/run-claims.ts";
import { startSimThread } from "./sim-thread.ts";

type Rows = Array<Record<string, string | number>>;
const MIN = 60_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** Posts nowhere: the bench measures fetching, deciding and drawing, not Slack. */
const nullChat: OutboundChat = {
  postRoot: async (channelId) => ({ channelId, ts: "1.0" }),
  replyInThread: async (root) => root,
  update: async () => {},
  upload: async () => {},
  canPost: async () => ({ ok: true }),
  findRoot: async () => undefined,
};

const CONDITIONS: AlertCondition[] = [
  { kind: "failures", threshold: 100, windowMs: 15 * MIN },
  { kind: "failure-rate", percent: 20, windowMs: 30 * MIN },
  { kind: "stalled", durationMs: 60 * MIN },
  { kind: "stopped" },
];

export async function benchAlerts(): Promise<Rows> {
  const rows: Rows = [];
  const logger = pino({ level: "silent" });
  const charts = new RenderPool();
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
  try {
    // 200 rules over 50 tasks: four conditions per task.
    const sim50 = await startSimulator({ bulkTasks: 44, faults: { latencyMs: 50 } });
    const oms50 = omsClientFor(sim50, { dispatcher, logger });
    // This one stays in-process: the bench reads its request log to count statistics calls.
    const store = createMemoryStore();
    let n = 0;
    for (const task of sim50.tasks) {
      for (const condition of CONDITIONS) {
        const rule: AlertRule = {
          id: `a${++n}`,
          target: { all: false, taskId: task.id, taskName: task.name },
          condition,
          channelId: "CBENCH",
          repeatMs: 60 * MIN,
          createdBy: "UBENCH",
          createdAt: 0,
        };
        await store.put("rules", rule);
      }
    }
    const alerts = new AlertService({
      oms: oms50,
      store,
      outbound: nullChat,
      charts,
      logger,
      tz: "UTC",
      newId: () => `i${++n}`,
    });
    const times: number[] = [];
    let calls = 0;
    for (let i = 0; i < 5; i++) {
      sim50.resetLog();
      const t0 = performance.now();
      const report = await alerts.evaluate(Date.now());
      times.push(performance.now() - t0);
      calls = sim50.requestCount({ path: "/statistics" });
      if (report.rules !== 200) throw new Error(`expected 200 rules, got ${report.rules}`);
    }
    rows.push({
      case: "alert round: 200 rules × 50 tasks, 50 ms latency",
      "statistics calls": calls,
      "target calls": "≤ 50",
      "median ms": Math.round(median(times)),
      "min–max ms": `${Math.round(Math.min(...times))}–${Math.round(Math.max(...times))}`,
    });
    await sim50.close();

    // A digest of 200 tasks, chart included.
    const sim200 = await startSimThread({ bulkTasks: 194, faults: { latencyMs: 50 } });
    const oms200 = new OmsClient({
      endpoint: sim200.url,
      projectId: sim200.projectId,
      auth: new AkSkProvider({ ...sim200.credentials, projectId: sim200.projectId }),
      dispatcher,
      logger,
    });
    const digests = new DigestService({
      oms: oms200,
      store: createMemoryStore(),
      outbound: nullChat,
      charts,
      claims: new LocalRunClaims(),
      logger,
    });
    const spec: DigestSpec = {
      id: "dbench",
      channelId: "CBENCH",
      hour: 9,
      minute: 0,
      tz: "Europe/Berlin",
      tasks: { all: true },
      createdBy: "UBENCH",
      createdAt: 0,
    };
    const dtimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await digests.post(spec, Date.now());
      dtimes.push(performance.now() - t0);
    }
    rows.push({
      case: "digest: 200 tasks, 50 ms latency, chart drawn",
      "statistics calls": 200,
      "target calls": "-",
      "median ms": Math.round(median(dtimes)),
      "min–max ms": `${Math.round(Math.min(...dtimes))}–${Math.round(Math.max(...dtimes))}`,
    });
    await sim200.close();
  } finally {
    await charts.close();
    await dispatcher.close();
  }
  return rows;
}

/**
 * OMS client against the simulator on loopback: a 7-day statistics range (windows, merge) and
 * getStatistics throughput with a warm keep-alive pool. Run: npx tsx bench/oms.ts
 */
import { pathToFileURL } from "node:url";
import pino from "pino";
import { Agent } from "undici";
import { omsClientFor } from "../src/simulator/client.ts";
import { startSimulator } from "../src/simulator/server.ts";

const DAY = 86_400_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

export async function benchOms(): Promise<Array<Record<string, string | number>>> {
  const sim = await startSimulator({});
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
  const client = omsClientFor(sim, { dispatcher, logger: pino({ level: "silent" }) });
  const rows: Array<Record<string, string | number>> = [];
  try {
    const task = sim.tasks.find((t) => t.name === "tencent-images") ?? sim.tasks[0];
    if (!task) throw new Error("the simulator has no tasks");
    const id = task.info.sync_task_id;
    const now = Date.now();

    const times: number[] = [];
    let requests = 0;
    let points = 0;
    for (let i = 0; i < 7; i++) {
      sim.resetLog();
      const t0 = performance.now();
      const s = await client.getStatistics(
        id,
        ["REQUEST", "SUCCESS", "FAILURE", "SKIP", "SIZE"],
        now - 7 * DAY,
        now,
      );
      times.push(performance.now() - t0);
      requests = sim.requestCount({ path: "/statistics" });
      points = s.series.REQUEST?.length ?? 0;
    }
    rows.push({
      case: "getStatistics 7 days, 5 types (median of 7)",
      ms: Number(median(times).toFixed(1)),
      requests,
      "points/type": points,
    });

    // Warm pool: a 6-hour range is one request; 16 in flight at a time, like a busy channel.
    const total = 2000;
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < total) {
          next++;
          await client.getStatistics(id, ["REQUEST", "FAILURE"], now - DAY / 4, now);
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    rows.push({
      case: `getStatistics 6h, warm pool, 16 concurrent (${total} calls)`,
      ms: Number(((secs * 1000) / total).toFixed(2)),
      requests: total,
      "req/s": Math.round(total / secs),
    });
  } finally {
    await sim.close();
    await dispatcher.close();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.table(await benchOms());
}

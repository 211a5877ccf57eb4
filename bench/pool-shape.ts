/**
 * Pool shapes side by side (jobs per worker, workers): 16-chart bursts alternated between
 * pools, charts/s and the main thread's longest stall. Run: node --import tsx bench/pool-shape.ts
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { RenderPool } from "../src/render/pool.ts";
import { input } from "./render.ts";
import { median } from "./targets.ts";

const shapes = [
  { size: 2, jobsPerWorker: 1 },
  { size: 2, jobsPerWorker: 2 },
  { size: 3, jobsPerWorker: 1 },
  { size: 1, jobsPerWorker: 2 },
  { size: 1, jobsPerWorker: 3 },
];
const points = Number(process.argv[2] ?? 288);
const pools = shapes.map((s) => new RenderPool(s));
while (!pools.every((p) => p.isReady())) await new Promise((r) => setTimeout(r, 10));
const rates: number[][] = shapes.map(() => []);
const stalls: number[][] = shapes.map(() => []);
const chart = input(points);
for (let round = 0; round < 4; round++) {
  for (const [i, pool] of pools.entries()) {
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 16 }, () => pool.renderStats(chart)));
    const ms = performance.now() - t0;
    loop.disable();
    if (round === 0) continue; // warm-up round
    rates[i]?.push((16 * 1000) / ms);
    stalls[i]?.push(loop.max / 1e6);
  }
}
await Promise.all(pools.map((p) => p.close()));
console.table(
  shapes.map((s, i) => ({
    ...s,
    points,
    "charts/s median": median(rates[i] ?? []).toFixed(1),
    "charts/s min–max": `${Math.min(...(rates[i] ?? [])).toFixed(1)}–${Math.max(...(rates[i] ?? [])).toFixed(1)}`,
    "max stall ms": (stalls[i] ?? []).map((x) => x.toFixed(0)).join(" "),
  })),
);

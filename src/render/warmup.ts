import type { StatsChartInput } from "../core/chart-input.ts";
import type { DataType, StatPoint } from "../core/domain.ts";

const STEP = 300_000;

/**
 * Runs of the warm-up chart's data, dataflow and SVG after the whole first chart (renderer.ts
 * `warmUp`). Measured on the compiled bot (bench/bot-process.ts, two runs each): the first
 * chart after `/readyz` took 1.57× the median with the whole chart alone, 1.2× with 4 rounds
 * more; start → ready 758 → 762–787 ms (the pool warms up while the bot's modules load).
 */
export const WARM_UP_SVG_ROUNDS = 4;

/**
 * The chart a worker draws before it says ready: the usual `/oms stats … last 24h` variant
 * (all five types, 288 points at 5 min). Measured (bench, issue 11): a cold worker's first
 * chart took 509–599 ms against a 223 ms median — vega-lite's compile, V8's first JIT of the
 * dataflow, resvg's font loading — so "ready" without it did not mean ready.
 */
export function warmupChart(now = Date.UTC(2026, 0, 1)): StatsChartInput {
  const start = now - 288 * STEP;
  const s = (f: (i: number) => number): StatPoint[] =>
    Array.from({ length: 288 }, (_, i) => ({ t: start + i * STEP, v: Math.round(f(i)) }));
  const series: Record<DataType, StatPoint[]> = {
    REQUEST: s((i) => 1000 + 400 * Math.sin(i / 40)),
    SUCCESS: s((i) => 950 + 400 * Math.sin(i / 40)),
    SKIP: s(() => 20),
    FAILURE: s((i) => (i % 97 < 3 ? 30 : 0)),
    SIZE: s((i) => 2 ** 30 * (1.5 + Math.sin(i / 40))),
  };
  return {
    title: "warm-up",
    subtitle: "last 24h",
    tz: "UTC",
    range: { start, end: now },
    granularity: "FIVE_MINUTES",
    series,
  };
}

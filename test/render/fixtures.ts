import type { StatsChartInput } from "../../src/core/chart-input.ts";
import type { DataType, StatPoint } from "../../src/core/domain.ts";

/** Synthetic, deterministic chart inputs; no simulator, no randomness. */

export const START = Date.UTC(2026, 10, 21, 6, 0); // 14:00 in Asia/Shanghai
export const FIVE_MIN = 300_000;

/** Failures are non-zero only for points in [FAIL_FROM, FAIL_TO) of a 288-point series. */
export const FAIL_FROM = 120;
export const FAIL_TO = 132;

function series(n: number, f: (i: number) => number): StatPoint[] {
  return Array.from({ length: n }, (_, i) => ({ t: START + i * FIVE_MIN, v: f(i) }));
}

/** A smooth 2-wave load; integer counts, bytes of a few GiB per interval. */
export function statsInput(
  n = 288,
  types: readonly DataType[] = ["REQUEST", "SUCCESS", "SKIP", "FAILURE", "SIZE"],
): StatsChartInput {
  const wave = (i: number) => Math.sin((i / n) * 4 * Math.PI);
  const failFrom = Math.round((FAIL_FROM / 288) * n);
  const failTo = Math.round((FAIL_TO / 288) * n);
  const all: Record<DataType, StatPoint[]> = {
    REQUEST: series(n, (i) => Math.round(1200 + 500 * wave(i))),
    SUCCESS: series(n, (i) => Math.round(1100 + 500 * wave(i))),
    SKIP: series(n, (i) => 40 + (i % 5)),
    FAILURE: series(n, (i) => (i >= failFrom && i < failTo ? 400 : 0)),
    SIZE: series(n, (i) => Math.round(3 * 2 ** 30 * (1.2 + wave(i)))),
  };
  const picked: Partial<Record<DataType, StatPoint[]>> = {};
  for (const t of types) picked[t] = all[t];
  return {
    title: "photos-archive → backup-bj",
    subtitle: "last 24h · 2026-11-21 14:00 – 2026-11-22 14:00 (Asia/Shanghai)",
    tz: "Asia/Shanghai",
    range: { start: START, end: START + n * FIVE_MIN },
    granularity: "FIVE_MINUTES",
    series: picked,
  };
}

export function emptyInput(): StatsChartInput {
  return { ...statsInput(288, []), series: { FAILURE: [], SIZE: [] } };
}

/**
 * The input with every series' points [from, to) left out, as the OMS API does for intervals
 * without traffic; REQUEST is a flat 1000 so a ramp across the hole would stay at that level.
 */
export function withHole(input: StatsChartInput, from: number, to: number): StatsChartInput {
  const n = Math.round((input.range.end - input.range.start) / FIVE_MIN);
  const series: Partial<Record<DataType, StatPoint[]>> = {};
  for (const [type, points] of Object.entries(input.series) as [DataType, StatPoint[]][]) {
    const all =
      type === "REQUEST"
        ? Array.from({ length: n }, (_, i) => ({ t: START + i * FIVE_MIN, v: 1000 }))
        : points;
    series[type] = all.filter((p) => p.t < START + from * FIVE_MIN || p.t >= START + to * FIVE_MIN);
  }
  return { ...input, series };
}

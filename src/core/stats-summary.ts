/** The totals under a stats chart. Pure: the series in, numbers out. */
import { GRANULARITY_MS, type StatPoint, type TaskStatistics } from "./domain.ts";

export interface StatsSummary {
  requested: number | undefined;
  succeeded: number | undefined;
  failed: number | undefined;
  skipped: number | undefined;
  bytes: number | undefined;
  /** succeeded / (succeeded + failed): skipped objects were neither. Undefined when nothing finished. */
  successRate: number | undefined;
  /** bytes over the whole range, per second */
  avgThroughput: number | undefined;
  /** the best interval's bytes per second, and when */
  peakThroughput: { bytesPerSecond: number; t: number } | undefined;
  /** the interval with the most failures (5 min, or 1 h when the API answered hourly) */
  worstFailures: { count: number; t: number; intervalMs: number } | undefined;
  points: number;
}

const sum = (s: StatPoint[] | undefined): number | undefined =>
  s === undefined ? undefined : s.reduce((a, p) => a + p.v, 0);

function maxPoint(s: StatPoint[] | undefined): StatPoint | undefined {
  let best: StatPoint | undefined;
  for (const p of s ?? []) if (!best || p.v > best.v) best = p;
  return best;
}

/** succeeded / (succeeded + failed): skipped objects were neither. Undefined when nothing finished. */
export function successRate(succeeded: number, failed: number): number | undefined {
  return succeeded + failed > 0 ? succeeded / (succeeded + failed) : undefined;
}

export function summarize(stats: TaskStatistics): StatsSummary {
  const { series } = stats;
  const intervalMs = GRANULARITY_MS[stats.granularity];
  const succeeded = sum(series.SUCCESS);
  const failed = sum(series.FAILURE);
  const bytes = sum(series.SIZE);
  const peak = maxPoint(series.SIZE);
  const worst = maxPoint(series.FAILURE);
  const seconds = (stats.end - stats.start) / 1000;
  return {
    requested: sum(series.REQUEST),
    succeeded,
    failed,
    skipped: sum(series.SKIP),
    bytes,
    successRate:
      succeeded !== undefined && failed !== undefined ? successRate(succeeded, failed) : undefined,
    avgThroughput: bytes !== undefined && seconds > 0 ? bytes / seconds : undefined,
    peakThroughput:
      peak && peak.v > 0 ? { bytesPerSecond: peak.v / (intervalMs / 1000), t: peak.t } : undefined,
    worstFailures: worst && worst.v > 0 ? { count: worst.v, t: worst.t, intervalMs } : undefined,
    points: Math.max(0, ...Object.values(series).map((s) => s?.length ?? 0)),
  };
}

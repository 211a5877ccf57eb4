/**
 * The picture under an incident's root: the task's last 2 h, plus the rule's own measure over
 * that time (the rolling window the rule judges) against its threshold. A per-5-minute failures
 * line would not show a `failures > 10 in 15m` threshold honestly: 4+4+4 breaches it with no
 * point above 10.
 */
import { MIN_RATE_ATTEMPTS } from "./alert-evaluate.ts";
import type { Incident } from "./alert-model.ts";
import type { IncidentChartInput } from "./chart-input.ts";
import { GRANULARITY_MS, type StatPoint, type TaskStatistics, type TimeRange } from "./domain.ts";
import { formatDuration } from "./duration.ts";
import { formatZoned } from "./zoned-time.ts";

/** Sum of `points` whose interval lies in (end - window, end]. */
function windowSum(points: readonly StatPoint[], step: number, end: number, window: number) {
  let total = 0;
  for (const p of points) if (p.t + step > end - window && p.t + step <= end) total += p.v;
  return total;
}

export function incidentChartInput(
  incident: Incident,
  stats: TaskStatistics,
  range: TimeRange,
  tz: string,
): IncidentChartInput {
  const step = GRANULARITY_MS[stats.granularity];
  const within = (points: readonly StatPoint[] | undefined) =>
    (points ?? []).filter((p) => p.t >= range.start && p.t < range.end);
  const series = {
    REQUEST: within(stats.series.REQUEST),
    SUCCESS: within(stats.series.SUCCESS),
    FAILURE: within(stats.series.FAILURE),
  };
  const base: IncidentChartInput = {
    title: incident.taskName,
    subtitle: `alert ${incident.id} · last 2 h to ${formatZoned(range.end, tz)} (${tz})`,
    tz,
    range,
    granularity: stats.granularity,
    series,
  };
  const c = incident.condition;
  if (!c || (c.kind !== "failures" && c.kind !== "failure-rate")) return base;
  const failures = stats.series.FAILURE ?? [];
  const successes = stats.series.SUCCESS ?? [];
  const points: StatPoint[] = [];
  for (let t = Math.ceil(range.start / step) * step; t < range.end; t += step) {
    const end = t + step;
    const failed = windowSum(failures, step, end, c.windowMs);
    if (c.kind === "failures") {
      points.push({ t, v: failed });
      continue;
    }
    const attempts = failed + windowSum(successes, step, end, c.windowMs);
    // Too little traffic is not judged by the rule either: a gap, not a spike to 100%.
    if (attempts >= MIN_RATE_ATTEMPTS) points.push({ t, v: (failed / attempts) * 100 });
  }
  const window = formatDuration(c.windowMs);
  return {
    ...base,
    alert: {
      label:
        c.kind === "failures"
          ? `failures in ${window} (rolling)`
          : `failure rate in ${window} (rolling)`,
      points,
      threshold: incident.threshold,
      unit: c.kind === "failures" ? "count" : "percent",
    },
  };
}

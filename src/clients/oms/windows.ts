/**
 * ListSyncTaskStatistic answers at most 1000 points per type (seeds 000/001, "Array Length:
 * 0 - 1000"), so a long range is asked for in windows of 1000 five-minute intervals and merged.
 */
import {
  type DataType,
  GRANULARITY_MS,
  type Granularity,
  type StatPoint,
  type TaskStatistics,
} from "../../core/domain.ts";

export const MAX_POINTS_PER_ANSWER = 1000;
export const WINDOW_MS = MAX_POINTS_PER_ANSWER * GRANULARITY_MS.FIVE_MINUTES;

/** [start, end) split into consecutive windows of at most WINDOW_MS. */
export function splitRange(
  start: number,
  end: number,
  windowMs = WINDOW_MS,
): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (let s = start; s < end; s += windowMs)
    out.push({ start: s, end: Math.min(end, s + windowMs) });
  return out;
}

export interface WindowAnswer {
  granularity: Granularity;
  series: Partial<Record<DataType, StatPoint[]>>;
}

/**
 * Merges window answers: sorted by time, one point per timestamp (windows may overlap at their
 * edges when the server treats end_time as inclusive). If any window came back hourly, the
 * five-minute points are summed into hours so the merged series has one density throughout;
 * where the server sent an hour itself, its figure stands.
 */
export function mergeWindows(
  taskId: string,
  types: readonly DataType[],
  start: number,
  end: number,
  answers: readonly WindowAnswer[],
): TaskStatistics {
  const granularity: Granularity = answers.some((a) => a.granularity === "ONE_HOUR")
    ? "ONE_HOUR"
    : "FIVE_MINUTES";
  const hourMs = GRANULARITY_MS.ONE_HOUR;
  const series: Partial<Record<DataType, StatPoint[]>> = {};
  for (const type of types) {
    const fine = new Map<number, number>();
    const hourly = new Map<number, number>();
    for (const answer of answers) {
      const into = answer.granularity === "ONE_HOUR" ? hourly : fine;
      for (const p of answer.series[type] ?? []) {
        if (p.t >= start && p.t < end) into.set(p.t, p.v);
      }
    }
    let merged = fine;
    if (granularity === "ONE_HOUR") {
      merged = new Map(hourly);
      const summed = new Map<number, number>();
      for (const [t, v] of fine) {
        const hour = t - (t % hourMs);
        summed.set(hour, (summed.get(hour) ?? 0) + v);
      }
      for (const [hour, v] of summed) if (!merged.has(hour)) merged.set(hour, v);
    }
    series[type] = [...merged.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }));
  }
  return { taskId, granularity, start, end, series };
}

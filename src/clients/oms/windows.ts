/**
 * ListSyncTaskStatistic answers at most 1000 points per type (seeds 000/001, "Array Length:
 * 0 - 1000"), so a long range is asked for in windows and merged. Whether the server counts
 * `end_time` itself is not documented (api-notes, "More OMS facts"), so a window must hold at
 * most 1000 five-minute starts under either reading: it spans 1000 intervals less one
 * millisecond. A closed span of 1000·5 min − 1 ms holds at most 1000 aligned instants, and so
 * does the half-open one; the next window starts where this one stops, so under the half-open
 * reading nothing falls between them, and under the inclusive one they share a single
 * millisecond that mergeWindows de-duplicates.
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

export interface Window {
  start: number;
  end: number;
}

/**
 * [start, end) in consecutive windows, each `windowMs - 1` long (the last may be shorter),
 * each starting where the one before stops.
 */
export function splitRange(start: number, end: number, windowMs = WINDOW_MS): Window[] {
  const span = Math.max(1, windowMs - 1);
  const out: Window[] = [];
  for (let s = start; s < end; s += span) out.push({ start: s, end: Math.min(end, s + span) });
  return out;
}

/**
 * A window in two, for a server that still finds it too large (400 OMS.0003). The cut falls on a
 * five-minute boundary when one lies inside, so neither half starts mid-interval; both halves
 * share the cut instant, which either reading of `end_time` then covers once or twice (twice is
 * de-duplicated by mergeWindows). Null when the window is too short to cut.
 */
export function halveWindow(w: Window): [Window, Window] | null {
  const step = GRANULARITY_MS.FIVE_MINUTES;
  const middle = Math.floor((w.start + w.end) / 2);
  const aligned = middle - (middle % step);
  const cut = aligned > w.start ? aligned : middle;
  if (cut <= w.start || cut >= w.end) return null;
  return [
    { start: w.start, end: cut },
    { start: cut, end: w.end },
  ];
}

export interface WindowAnswer {
  granularity: Granularity;
  series: Partial<Record<DataType, StatPoint[]>>;
}

/**
 * Merges window answers: sorted by time, one point per timestamp (windows share their edge
 * instants, which a server that counts end_time inclusively answers twice). If any window came back hourly, the
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
    // One answer in order (the usual case: ranges up to ~3.5 days) needs no maps: a digest of
    // hundreds of tasks spent a third of its client time merging single windows.
    const only = answers.length === 1 ? answers[0] : undefined;
    const inOrder = only ? inRangeIfOrdered(only.series[type] ?? [], start, end) : undefined;
    if (inOrder) {
      series[type] = inOrder;
      continue;
    }
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

/** The points in [start, end) when they come strictly ascending; undefined otherwise. */
function inRangeIfOrdered(points: readonly StatPoint[], start: number, end: number) {
  const out: StatPoint[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (p.t <= last) return undefined;
    last = p.t;
    if (p.t >= start && p.t < end) out.push(p);
  }
  return out;
}

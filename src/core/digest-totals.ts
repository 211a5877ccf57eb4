/** Sums over the digest's two 24 h windows, their change, and which tasks a digest covers. */
import type { DigestSpec } from "./alert-model.ts";
import type { DataType, SyncTask, TaskStatistics, TimeRange } from "./domain.ts";

export interface Totals {
  requested: number;
  succeeded: number;
  failed: number;
  skipped: number;
  bytes: number;
}

/** The spec's tasks out of the task list, and the IDs it names that no longer exist. */
export function digestTasks(spec: DigestSpec, tasks: readonly SyncTask[]) {
  if (spec.tasks.all) return { tasks: [...tasks], missingIds: [] as string[] };
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const found: SyncTask[] = [];
  const missingIds: string[] = [];
  for (const id of spec.tasks.taskIds) {
    const t = byId.get(id);
    if (t) found.push(t);
    else missingIds.push(id);
  }
  return { tasks: found, missingIds };
}

/** Sums of each type over points starting in `range`; a type not fetched counts as 0. */
export function totalsIn(stats: TaskStatistics, range: TimeRange): Totals {
  const sum = (type: DataType) =>
    (stats.series[type] ?? [])
      .filter((p) => p.t >= range.start && p.t < range.end)
      .reduce((a, p) => a + p.v, 0);
  return {
    requested: sum("REQUEST"),
    succeeded: sum("SUCCESS"),
    failed: sum("FAILURE"),
    skipped: sum("SKIP"),
    bytes: sum("SIZE"),
  };
}

/** `+12%`, `-5%`, `±0%`; `new` when there was nothing the day before. */
export function changeText(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? "±0%" : "new";
  const pct = Math.round(((current - previous) / previous) * 100);
  return pct === 0 ? "±0%" : `${pct > 0 ? "+" : ""}${pct}%`;
}

export const addTotals = (a: Totals, b: Totals): Totals => ({
  requested: a.requested + b.requested,
  succeeded: a.succeeded + b.succeeded,
  failed: a.failed + b.failed,
  skipped: a.skipped + b.skipped,
  bytes: a.bytes + b.bytes,
});
export const ZERO: Totals = { requested: 0, succeeded: 0, failed: 0, skipped: 0, bytes: 0 };

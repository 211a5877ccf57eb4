/** The raw series as CSV (RFC 4180), one row per interval, one column per type. Pure. */
import { DATA_TYPES, type TaskStatistics } from "./domain.ts";

export function statisticsCsv(stats: TaskStatistics, formatTime: (ms: number) => string): string {
  const types = DATA_TYPES.filter((t) => stats.series[t] !== undefined);
  const rows = new Map<number, Map<string, number>>();
  for (const type of types) {
    for (const p of stats.series[type] ?? []) {
      const row = rows.get(p.t) ?? new Map<string, number>();
      row.set(type, p.v);
      rows.set(p.t, row);
    }
  }
  const header = ["time_utc", "time_local", ...types.map((t) => t.toLowerCase())];
  const lines = [header.join(",")];
  for (const t of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(t);
    // A type with no point at this time had nothing to count, which the API reports as absent.
    lines.push(
      [
        new Date(t).toISOString(),
        formatTime(t),
        ...types.map((ty) => String(row?.get(ty) ?? 0)),
      ].join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

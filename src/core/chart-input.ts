import type { DataType, Granularity, StatPoint, TimeRange } from "./domain.ts";

/** Everything the stats chart needs; the renderer does no I/O beyond drawing. */
export interface StatsChartInput {
  /** e.g. the task's name */
  title: string;
  /** e.g. "last 24h · 2026-11-21 14:00 – 2026-11-22 14:00 (Asia/Shanghai)" */
  subtitle: string;
  /** IANA timezone the time axis is labelled in. */
  tz: string;
  range: TimeRange;
  granularity: Granularity;
  /** Only the types asked for; any may be empty. */
  series: Partial<Record<DataType, StatPoint[]>>;
}

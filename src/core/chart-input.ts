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

/**
 * The chart under an incident's root: the task's last 2 h as in `stats`, plus the alert's own
 * measure over time (e.g. failures in the rule's window, rolling) against its threshold, so the
 * picture shows when and by how much the rule was breached.
 */
export interface IncidentChartInput extends StatsChartInput {
  /** Absent for rules without a measure to draw (`stopped`). */
  alert?: {
    /** e.g. "failures in 15m (rolling)" or "failure rate in 30m (rolling), %" */
    label: string;
    points: StatPoint[];
    threshold: number;
    /** How values and the threshold are labelled. */
    unit: "count" | "percent" | "duration-ms";
  };
}

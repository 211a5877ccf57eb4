import type { DataType, Granularity, StatPoint, TimeRange } from "./domain.ts";

/** One row of the digest's small multiples: one task over the last 24 h. */
export interface DigestChartRow {
  taskId: string;
  /** The task's display name, raw (the renderer draws text, not mrkdwn). */
  name: string;
  status: string;
  /** No statistics this time: the row says "unavailable" instead of drawing zeros. */
  unavailable: boolean;
  /** The last 24 h only; absent types were not fetched. */
  series: Partial<Record<DataType, StatPoint[]>>;
  /** Failures over the last 24 h (undefined when unavailable), for a row label. */
  failed: number | undefined;
}

/** Everything the digest's one chart needs: a row per task, sharing one time axis. */
export interface DigestChartInput {
  /** e.g. "OMS daily digest · 2026-11-30" */
  title: string;
  /** e.g. "last 24 h to 2026-11-30 09:00 (Europe/Berlin) · 20 of 60 tasks" */
  subtitle: string;
  /** IANA timezone the time axis is labelled in. */
  tz: string;
  range: TimeRange;
  granularity: Granularity;
  rows: DigestChartRow[];
  /** Tasks not drawn (more than 50 tasks: only the 20 with the most failures are); 0 for none. */
  more: number;
}

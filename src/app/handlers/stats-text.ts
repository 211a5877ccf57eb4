/** The words and fields of a stats reply, from the summary. */
import type { DataType, Granularity } from "../../core/domain.ts";
import { GRANULARITY_MS } from "../../core/domain.ts";
import { formatDuration } from "../../core/duration.ts";
import { formatBytes, formatCount, formatPercent, formatRate } from "../../core/format.ts";
import type { ReplyField } from "../../core/reply.ts";
import type { StatsSummary } from "../../core/stats-summary.ts";
import { formatZoned } from "../../core/zoned-time.ts";

const DAY_MS = 86_400_000;

export interface StatsTextInput {
  s: StatsSummary;
  types: readonly DataType[];
  granularity: Granularity;
  tz: string;
  /** Ranges longer than a day show dates with times, or "at 03:10" would be ambiguous. */
  spanMs: number;
}

export function statsFields({ s, types, granularity, tz, spanMs }: StatsTextInput): ReplyField[] {
  const has = (t: DataType) => types.includes(t);
  const when = (t: number) => formatZoned(t, tz, spanMs > DAY_MS ? "datetime" : "time");
  const fields: ReplyField[] = [];
  if (has("REQUEST")) fields.push({ label: "Requested", value: formatCount(s.requested ?? 0) });
  if (has("SUCCESS")) fields.push({ label: "Succeeded", value: formatCount(s.succeeded ?? 0) });
  if (has("FAILURE")) fields.push({ label: "Failed", value: formatCount(s.failed ?? 0) });
  if (has("SKIP")) fields.push({ label: "Skipped", value: formatCount(s.skipped ?? 0) });
  if (has("SIZE")) fields.push({ label: "Transferred", value: formatBytes(s.bytes ?? 0) });
  if (has("SUCCESS") && has("FAILURE")) {
    fields.push({ label: "Success rate", value: formatPercent(s.successRate) });
  }
  if (has("SIZE")) {
    fields.push({ label: "Avg throughput", value: formatRate(s.avgThroughput ?? 0) });
    const peak = s.peakThroughput;
    fields.push({
      label: "Peak throughput",
      value: peak ? `${formatRate(peak.bytesPerSecond)} at ${when(peak.t)}` : "none",
    });
  }
  if (has("FAILURE")) {
    const w = s.worstFailures;
    fields.push({
      label: `Worst ${formatDuration(GRANULARITY_MS[granularity])} for failures`,
      value: w ? `${formatCount(w.count)} at ${when(w.t)}` : "no failures",
    });
  }
  return fields;
}

/** One sentence for notifications and the upload's comment; `name` and `rangeText` are already mrkdwn-safe. */
export function statsHeadline(
  name: string,
  rangeText: string,
  s: StatsSummary,
  types: readonly DataType[],
): string {
  if (s.points === 0) return `*${name}* · ${rangeText}: no data in this range.`;
  const has = (t: DataType) => types.includes(t);
  const parts = [
    has("REQUEST") ? `${formatCount(s.requested ?? 0)} requested` : "",
    has("SUCCESS") ? `${formatCount(s.succeeded ?? 0)} succeeded` : "",
    has("FAILURE") ? `${formatCount(s.failed ?? 0)} failed` : "",
    has("SUCCESS") && has("FAILURE") && s.successRate !== undefined
      ? `${formatPercent(s.successRate)} success`
      : "",
    has("SIZE") ? `${formatBytes(s.bytes ?? 0)} transferred` : "",
  ];
  return `*${name}* · ${rangeText}: ${parts.filter(Boolean).join(", ")}.`;
}

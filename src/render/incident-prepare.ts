import type { IncidentChartInput } from "../core/chart-input.ts";
import {
  GRANULARITY_MS,
  type Granularity,
  type StatPoint,
  type TimeRange,
} from "../core/domain.ts";
import { formatDuration } from "../core/duration.ts";
import { formatCount } from "../core/format.ts";
import { cleanChartText } from "./chart-text.ts";
import { MAX_DRAWN_POINTS } from "./constants.ts";
import { niceCeil, type PreparedChart, prepareStatsChart } from "./prepare.ts";

export type IncidentAlert = NonNullable<IncidentChartInput["alert"]>;
export type AlertUnit = IncidentAlert["unit"];

/** A point of the rule's measure; `seg` splits the line where the measure has a gap. */
export interface AlertRow {
  t: number;
  v: number;
  seg: number;
}

/** A point of a stretch above the threshold; `th` is the area's lower edge. */
export interface OverRow extends AlertRow {
  th: number;
}

/** A measured point drawn as a dot: every point above the threshold, and lone points. */
export interface DotRow {
  t: number;
  v: number;
  over: boolean;
}

export interface PreparedAlert {
  unit: AlertUnit;
  line: AlertRow[];
  over: OverRow[];
  dots: DotRow[];
  rule: { v: number; label: string }[];
  signals: { alertLabel: string; alertMax: number };
}

/** How a threshold reads, in the words core's alert texts use ("alert above 10"). */
export function thresholdLabel(threshold: number, unit: AlertUnit): string {
  if (unit === "percent") return `alert above ${threshold}%`;
  if (unit === "duration-ms") return `alert above ${formatDuration(threshold)}`;
  return `alert above ${formatCount(threshold)}`;
}

/**
 * Top of the measure's scale: the threshold always inside with room above it (a breach is read
 * against the dashed rule, so the rule must never sit on the frame), the peak inside too. A
 * percentage never needs more than 100.
 */
export function alertScaleMax(points: readonly StatPoint[], threshold: number, unit: AlertUnit) {
  const peak = Math.max(0, ...points.map((p) => p.v));
  const top = niceCeil(Math.max(threshold * 1.25, peak, unit === "count" ? 1 : 0.1));
  return unit === "percent" && Math.max(peak, threshold) <= 100 ? Math.min(top, 100) : top;
}

/** Where the straight line from `a` to `b` crosses `th` (a and b on either side of it). */
function crossing(a: StatPoint, b: StatPoint, th: number): StatPoint {
  return { t: a.t + ((th - a.v) / (b.v - a.v)) * (b.t - a.t), v: th };
}

/**
 * Splits the measure into segments at gaps (core leaves a failure rate out when too little
 * traffic finished: a gap, not a line bridging it), and cuts out the stretches strictly above
 * the threshold (the rules breach on `>`), ending them exactly where the line crosses it, so the
 * red part starts and stops on the dashed rule.
 */
export function splitAtThreshold(
  points: readonly StatPoint[],
  threshold: number,
  stepMs: number,
): { line: AlertRow[]; over: OverRow[]; dots: DotRow[] } {
  const line: AlertRow[] = [];
  const over: OverRow[] = [];
  const dots: DotRow[] = [];
  let seg = 0;
  let overSeg = 0;
  let inOver = false;
  let prev: StatPoint | undefined;
  const push = (p: StatPoint) => over.push({ t: p.t, v: p.v, seg: overSeg, th: threshold });
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!p) continue;
    const gap = prev !== undefined && p.t - prev.t > stepMs * 1.5;
    if (gap) {
      seg++;
      if (inOver) overSeg++;
      inOver = false;
      prev = undefined;
    }
    const above = p.v > threshold;
    if (prev !== undefined && inOver !== above) {
      push(crossing(prev, p, threshold));
      if (inOver) overSeg++;
    }
    if (above) push(p);
    inOver = above;
    line.push({ t: p.t, v: p.v, seg });
    const next = points[i + 1];
    const lone = prev === undefined && (next === undefined || next.t - p.t > stepMs * 1.5);
    // A line needs two points: a lone one (or a lone breach) would not be drawn at all.
    if (above || lone) dots.push({ t: p.t, v: p.v, over: above });
    prev = p;
  }
  return { line, over, dots };
}

/** Pure: the alert panel's rows and signals. No vega, no I/O. */
export function prepareAlertPanel(
  alert: IncidentAlert,
  granularity: Granularity,
  range: TimeRange,
): PreparedAlert {
  // Marks draw unclipped (range-cut.ts); a gap in the measure must stay a gap, so points past
  // the range are left out rather than cut to its ends.
  const points = alert.points
    .filter((p) => p.t >= range.start && p.t <= range.end)
    .sort((a, b) => a.t - b.t);
  const { line, over, dots } = splitAtThreshold(
    points,
    alert.threshold,
    GRANULARITY_MS[granularity],
  );
  return {
    unit: alert.unit,
    line,
    over,
    dots,
    rule: [{ v: alert.threshold, label: thresholdLabel(alert.threshold, alert.unit) }],
    signals: {
      alertLabel: cleanChartText(alert.label),
      alertMax: alertScaleMax(points, alert.threshold, alert.unit),
    },
  };
}

/** An incident chart: the stats chart's rows and signals, and the alert panel's when drawn. */
export interface PreparedIncident extends PreparedChart {
  alert?: PreparedAlert;
}

/**
 * The stats chart of the range, plus the alert panel when the rule has a measure (and then no
 * throughput panel). Without one the chart is exactly the stats chart (same variant, same View).
 */
export function prepareIncidentChart(
  input: IncidentChartInput,
  maxDrawnPoints: number = MAX_DRAWN_POINTS,
): PreparedIncident {
  const stats = prepareStatsChart(input, maxDrawnPoints);
  if (!input.alert) return stats;
  const alert = prepareAlertPanel(input.alert, input.granularity, input.range);
  // Nothing at all to draw: the no-data chart says so better than an empty panel.
  if (stats.variant.kind === "empty" && alert.line.length === 0) return stats;
  // Throughput says nothing about a failure alert, and a fourth panel left each too short for
  // its axis title (measured: the chart came out 564 px high, shrunk to fit 500).
  const variant = { ...stats.variant, kind: "stats" as const, size: false, alert: alert.unit };
  return { ...stats, variant, throughput: [], alert };
}

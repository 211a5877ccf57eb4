import type { StatsChartInput } from "../core/chart-input.ts";
import { type DataType, GRANULARITY_MS, type StatPoint, type TimeRange } from "../core/domain.ts";
import { binaryUnit } from "../core/format.ts";
import { cleanChartText, fitWideText } from "./chart-text.ts";
import {
  FONT_FAMILY,
  MAX_DRAWN_POINTS,
  SUBTITLE_FONT_SIZE,
  TITLE_FONT_SIZE,
  TITLE_LIMIT,
} from "./constants.ts";
import { downsampleMinMax } from "./downsample.ts";
import { cutToRange } from "./range-cut.ts";
import { timeTicks } from "./time-axis.ts";

/** The series of the counts panel, in legend order; FAILURE has a panel of its own. */
export const COUNT_TYPES = ["REQUEST", "SUCCESS", "SKIP"] as const;
export type CountType = (typeof COUNT_TYPES)[number];

export const COUNT_LABELS = {
  REQUEST: "requested",
  SUCCESS: "succeeded",
  SKIP: "skipped",
} as const satisfies Record<CountType, string>;

/** What decides the compiled spec; charts with the same variant share one vega View. */
export interface ChartVariant {
  kind: "stats" | "empty";
  countTypes: CountType[];
  failures: boolean;
  size: boolean;
  /** "per 5 min" or "per hour": the counts axis title. */
  perLabel: string;
  /** The incident chart's alert panel, by the unit of its measure; absent on stats charts. */
  alert?: "count" | "percent" | "duration-ms";
}

export interface CountRow {
  t: number;
  type: string;
  v: number;
}

/** One point of the failures or throughput panel. */
export interface ValueRow {
  t: number;
  v: number;
}

/** Values for the spec's params (vega signals of the same names). */
export interface ChartSignals {
  titleText: string;
  subtitleText: string;
  /** DejaVu Sans here; the renderer names the CJK face when the text needs it (fonts.ts). */
  titleFont: string;
  subtitleFont: string;
  xStart: number;
  xEnd: number;
  xTicks: number[];
  xLabels: Record<string, string>;
  sizeUnit: string;
  /** Top of the failures scale: a round number above the peak, 1.5 at least, so a range without failures keeps 0 at the bottom. */
  failMax: number;
}

export interface PreparedChart {
  variant: ChartVariant;
  counts: CountRow[];
  failures: ValueRow[];
  throughput: ValueRow[];
  signals: ChartSignals;
}

export function variantKey(v: ChartVariant): string {
  return `${v.kind}|${v.countTypes.join(",")}|${v.failures ? "failures" : ""}|${v.size ? "size" : ""}|${v.perLabel}|${v.alert ?? ""}`;
}

/** The axis unit for a throughput peak: core's binary unit per second. */
export function throughputUnit(maxBytesPerSecond: number): { unit: string; divisor: number } {
  const { unit, divisor } = binaryUnit(maxBytesPerSecond);
  return { unit: `${unit}/s`, divisor };
}

const NICE_STEPS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] as const;

/**
 * A round top for the failures scale, a little above the peak. vega does not "nice" a domain
 * given as an expression, and a peak exactly at the top hides half its line in the panel frame.
 */
export function niceCeil(max: number): number {
  const target = max * 1.05;
  const magnitude = 10 ** Math.floor(Math.log10(target));
  const step = NICE_STEPS.find((s) => s * magnitude >= target) ?? 10;
  return step * magnitude;
}

function hasPoints(s: StatPoint[] | undefined): boolean {
  return s !== undefined && s.length > 0;
}

/** The interval starts to fill: `first`, `first + step`, … up to `last` inclusive. */
export interface IntervalGrid {
  first: number;
  last: number;
  step: number;
}

/**
 * Far above any range the API answers at its granularity (7 days at 5 min is 2016); past it the
 * series are drawn unfilled rather than allocating for a nonsensical range.
 */
const MAX_FILLED_POINTS = 50_000;

/**
 * The intervals of the range a series should have a point for. The OMS API leaves out intervals
 * without traffic, and the line mark would bridge such a gap with a ramp; so the grid is filled
 * with zeros. Its phase is taken from a real point (the API stamps intervals with their start,
 * aligned to the granularity). An interval that has not ended by `range.end` is not known to be
 * idle yet, so it is not filled: a "last 24h" chart must not dip to zero at its right edge.
 */
export function intervalGrid(input: StatsChartInput): IntervalGrid | undefined {
  const step = GRANULARITY_MS[input.granularity];
  const anchor = Object.values(input.series).find(hasPoints)?.[0]?.t;
  if (anchor === undefined) return undefined;
  const { start, end } = input.range;
  const first = anchor - Math.floor((anchor - start) / step) * step;
  const last = anchor + Math.floor((end - step - anchor) / step) * step;
  if (last < first || (last - first) / step >= MAX_FILLED_POINTS) return undefined;
  return { first, last, step };
}

/** `points` (sorted by t) with a zero at every grid instant that has no point; others kept. */
export function zeroFill(points: readonly StatPoint[], grid: IntervalGrid): StatPoint[] {
  const out: StatPoint[] = [];
  let i = 0;
  for (let t = grid.first; t <= grid.last; t += grid.step) {
    for (let p = points[i]; p !== undefined && p.t < t; p = points[++i]) out.push(p);
    const p = points[i];
    if (p !== undefined && p.t === t) {
      out.push(p);
      i++;
    } else {
      out.push({ t, v: 0 });
    }
  }
  for (; i < points.length; i++) {
    const p = points[i];
    if (p) out.push(p);
  }
  return out;
}

/**
 * A series as drawn: zero-filled on `grid` (when there is one) and cut to `range` — the marks
 * are not clipped (range-cut.ts). Filled before any thinning, so a bucket holding an idle
 * stretch keeps its zero as the minimum. Stats, incident and digest charts all draw this.
 */
export function drawnSeries(
  points: readonly StatPoint[],
  grid: IntervalGrid | undefined,
  range: TimeRange,
): StatPoint[] {
  return cutToRange(grid ? zeroFill(points, grid) : points, range.start, range.end);
}

/** Pure: turns the chart input into rows and signals for the spec. No vega, no I/O. */
export function prepareStatsChart(
  input: StatsChartInput,
  maxDrawnPoints: number = MAX_DRAWN_POINTS,
): PreparedChart {
  const { range, series } = input;
  const ticks = timeTicks(input.tz, range.start, range.end);
  const granMs = GRANULARITY_MS[input.granularity];
  const signals: ChartSignals = {
    // The only text from outside the bot that is drawn; see chart-text.ts for why it is cleaned.
    titleText: fitWideText(cleanChartText(input.title), TITLE_FONT_SIZE, TITLE_LIMIT),
    subtitleText: fitWideText(cleanChartText(input.subtitle), SUBTITLE_FONT_SIZE, TITLE_LIMIT),
    titleFont: FONT_FAMILY,
    subtitleFont: FONT_FAMILY,
    xStart: range.start,
    xEnd: range.end,
    xTicks: ticks.map((k) => k.t),
    xLabels: Object.fromEntries(ticks.map((k) => [String(k.t), k.label])),
    sizeUnit: "B/s",
    failMax: 1,
  };
  const perLabel = input.granularity === "ONE_HOUR" ? "per hour" : "per 5 min";
  const countTypes = COUNT_TYPES.filter((t) => series[t] !== undefined);
  const failures = series.FAILURE !== undefined;
  const size = series.SIZE !== undefined;
  const anyData = (Object.keys(series) as DataType[]).some((t) => hasPoints(series[t]));
  if (!anyData) {
    return {
      variant: { kind: "empty", countTypes: [], failures: false, size: false, perLabel },
      counts: [],
      failures: [],
      throughput: [],
      signals,
    };
  }

  const grid = intervalGrid(input);
  const filled = (type: DataType): StatPoint[] => drawnSeries(series[type] ?? [], grid, range);

  const counts: CountRow[] = [];
  for (const type of countTypes) {
    const label = COUNT_LABELS[type];
    for (const p of downsampleMinMax(filled(type), maxDrawnPoints)) {
      counts.push({ t: p.t, type: label, v: p.v });
    }
  }

  let failureRows: ValueRow[] = [];
  if (failures) {
    failureRows = downsampleMinMax(filled("FAILURE"), maxDrawnPoints);
    // Min/max thinning keeps the maximum, so the rows' maximum is the series'.
    signals.failMax = niceCeil(Math.max(1, ...failureRows.map((p) => p.v)));
  }

  let throughput: ValueRow[] = [];
  if (size) {
    // SIZE is bytes moved in each interval; bytes/s is what people compare across ranges.
    const perSecond = filled("SIZE").map((p) => ({ t: p.t, v: p.v / (granMs / 1000) }));
    const { unit, divisor } = throughputUnit(Math.max(0, ...perSecond.map((p) => p.v)));
    signals.sizeUnit = unit;
    throughput = downsampleMinMax(perSecond, maxDrawnPoints).map((p) => ({
      t: p.t,
      v: p.v / divisor,
    }));
  }

  return {
    variant: { kind: "stats", countTypes, failures, size, perLabel },
    counts,
    failures: failureRows,
    throughput,
    signals,
  };
}

import type { DigestChartInput, DigestChartRow } from "../core/digest-chart-input.ts";
import type { StatPoint } from "../core/domain.ts";
import { formatCount } from "../core/format.ts";
import { cleanChartText, fitWideText, wrapChartText } from "./chart-text.ts";
import {
  CHART_CSS_WIDTH,
  DIGEST_AXIS_HEIGHT,
  DIGEST_COUNT_FONT_SIZE,
  DIGEST_FOOTER_LINE,
  DIGEST_HEADER_HEIGHT,
  DIGEST_LABEL_LIMIT,
  DIGEST_MAX_POINTS,
  DIGEST_NAME_FONT_SIZE,
  DIGEST_NAME_LINE,
  DIGEST_ROW_HEIGHT,
  FAILURE_COLOR,
  FONT_FAMILY,
  SUBTITLE_FONT_SIZE,
  TITLE_FONT_SIZE,
  TITLE_LIMIT,
} from "./constants.ts";
import { downsampleMinMax } from "./downsample.ts";
import { drawnSeries, intervalGrid } from "./prepare.ts";
import { timeTicks } from "./time-axis.ts";

/**
 * The digest's rows share one plot with one y scale in "row units": row i (0 at the top) spans
 * [rowCount - i - 1, rowCount - i], and each series is scaled into its row here. One view with
 * one scale compiles once for any number of rows; a facet per task would build 50 sub-views
 * with their own scales for every chart.
 */

/** Room under and over a row's drawing, in rows: neighbours' peaks must not touch. */
const ROW_FLOOR = 0.1;
const ROW_REACH = 0.74;

export interface DigestBand {
  y0: number;
  y1: number;
  fill: string;
}

/** A point of a row's series, already in row units; `b` is the row's floor (area baseline). */
export interface DigestPoint {
  row: number;
  t: number;
  y: number;
  b: number;
}

export interface DigestText {
  y: number;
  /** Lines; one string is one line. */
  text: string | string[];
  color: string;
  /** DejaVu here; the renderer names the CJK face for a name that needs it (fonts.ts). */
  font: string;
}

export interface DigestSignals {
  titleText: string;
  subtitleText: string;
  titleFont: string;
  subtitleFont: string;
  xStart: number;
  xEnd: number;
  xTicks: number[];
  xLabels: Record<string, string>;
  rowCount: number;
}

export interface PreparedDigest {
  bands: DigestBand[];
  requests: DigestPoint[];
  failures: DigestPoint[];
  names: DigestText[];
  counts: DigestText[];
  /** Grey notes across a row's plot ("statistics unavailable"). */
  notes: DigestText[];
  /** Under the time axis: the tasks left out, and how the rows are scaled; `y` is the line. */
  footer: DigestText[];
  ticks: { t: number; label: string }[];
  signals: DigestSignals;
  /** The picture in CSS px; the PNG is twice that. */
  size: { width: number; height: number };
  /** vega's plot height for these rows. */
  plotHeight: number;
}

const ZEBRA = "#f7f7f7";
const UNAVAILABLE_FILL = "#e9e9e9";
const NOTE_COLOR = "#777777";
const QUIET_COLOR = "#777777";

/** The CSS height of a digest: grows with the rows; header, axis and footer lines fixed. */
export function digestHeight(rows: number, footerLines: number): number {
  return (
    DIGEST_HEADER_HEIGHT +
    rows * DIGEST_ROW_HEIGHT +
    DIGEST_AXIS_HEIGHT +
    footerLines * DIGEST_FOOTER_LINE
  );
}

/** Drops the inner points of runs of equal values: a straight line loses nothing. */
export function collapseRuns(points: readonly StatPoint[]): StatPoint[] {
  return points.filter((p, i) => {
    const before = points[i - 1];
    const after = points[i + 1];
    return !(before && after && before.v === p.v && after.v === p.v);
  });
}

/** The row's series zero-filled (the API leaves idle intervals out) and thinned for drawing. */
function rowSeries(input: DigestChartInput, row: DigestChartRow, points: StatPoint[] | undefined) {
  if (!points) return [];
  const filled = drawnSeries(points, intervalGrid({ ...input, series: row.series }), input.range);
  const thinned = downsampleMinMax(filled, DIGEST_MAX_POINTS);
  // Buckets keep their min and max, not their ends: the line must still span the whole range.
  const first = filled[0];
  const last = filled.at(-1);
  if (first && thinned[0] !== first) thinned.unshift(first);
  if (last && thinned.at(-1) !== last) thinned.push(last);
  return collapseRuns(thinned);
}

/** Points scaled into the row: the floor is 0, the peak (at least `minTop`) reaches ROW_REACH. */
function scaled(row: number, floor: number, points: StatPoint[], minTop: number): DigestPoint[] {
  const top = Math.max(minTop, ...points.map((p) => p.v));
  return points.map((p) => ({
    row,
    t: p.t,
    y: floor + (top > 0 ? (p.v / top) * ROW_REACH : 0),
    b: floor,
  }));
}

/** Lines under the axis: the tasks left out first, they change what the picture means. */
function footnote(more: number): DigestText[] {
  const lines: DigestText[] = [];
  if (more > 0) {
    const text = `…and ${formatCount(more)} more task${more === 1 ? "" : "s"}, not drawn (fewer failures)`;
    lines.push({ y: 0, text, color: "#333333", font: FONT_FAMILY });
  }
  lines.push({
    y: lines.length,
    text: "Each row on its own scales: requests (blue) and failures (red), up to the row's peak.",
    color: NOTE_COLOR,
    font: FONT_FAMILY,
  });
  return lines;
}

/**
 * The name block (1–2 lines) and the count under it, centred in the row: their tops below the
 * row's top, in px.
 */
function labelTops(nameLines: number): { name: number; count: number } {
  const block = nameLines * DIGEST_NAME_LINE + 3 + DIGEST_COUNT_FONT_SIZE;
  const name = (DIGEST_ROW_HEIGHT - block) / 2;
  return { name, count: name + nameLines * DIGEST_NAME_LINE + 3 };
}

/** Pure: the digest input as rows in row units, labels and signals. No vega, no I/O. */
export function prepareDigestChart(input: DigestChartInput): PreparedDigest {
  const n = input.rows.length;
  const ticks = timeTicks(input.tz, input.range.start, input.range.end);
  const out: PreparedDigest = {
    bands: [],
    requests: [],
    failures: [],
    names: [],
    counts: [],
    notes: [],
    footer: [],
    ticks,
    signals: {
      titleText: fitWideText(cleanChartText(input.title), TITLE_FONT_SIZE, TITLE_LIMIT),
      subtitleText: fitWideText(cleanChartText(input.subtitle), SUBTITLE_FONT_SIZE, TITLE_LIMIT),
      titleFont: FONT_FAMILY,
      subtitleFont: FONT_FAMILY,
      xStart: input.range.start,
      xEnd: input.range.end,
      xTicks: ticks.map((k) => k.t),
      xLabels: Object.fromEntries(ticks.map((k) => [String(k.t), k.label])),
      rowCount: n,
    },
    size: { width: CHART_CSS_WIDTH, height: 0 },
    plotHeight: n * DIGEST_ROW_HEIGHT,
  };
  input.rows.forEach((row, i) => {
    const top = n - i;
    const mid = top - 0.5;
    const floor = top - 1 + ROW_FLOOR;
    if (row.unavailable || i % 2 === 1) {
      out.bands.push({ y0: top - 1, y1: top, fill: row.unavailable ? UNAVAILABLE_FILL : ZEBRA });
    }
    const name = wrapChartText(cleanChartText(row.name), DIGEST_NAME_FONT_SIZE, DIGEST_LABEL_LIMIT);
    const tops = labelTops(name.length);
    const y = (px: number) => top - px / DIGEST_ROW_HEIGHT;
    out.names.push({ y: y(tops.name), text: name, color: "#222222", font: FONT_FAMILY });
    const failed = row.unavailable ? undefined : row.failed;
    out.counts.push({
      y: y(tops.count),
      text: failed === undefined ? "no statistics" : `${formatCount(failed)} failed`,
      color: failed !== undefined && failed > 0 ? FAILURE_COLOR : QUIET_COLOR,
      font: FONT_FAMILY,
    });
    if (row.unavailable) {
      // A row of zeros would say "idle"; the truth is "we do not know".
      out.notes.push({
        y: mid,
        text: "statistics unavailable",
        color: NOTE_COLOR,
        font: FONT_FAMILY,
      });
      return;
    }
    const requests = rowSeries(input, row, row.series.REQUEST ?? row.series.SUCCESS);
    const failures = rowSeries(input, row, row.series.FAILURE);
    if (requests.length === 0 && failures.length === 0) {
      out.notes.push({
        y: mid,
        text: "no data in these 24 h",
        color: NOTE_COLOR,
        font: FONT_FAMILY,
      });
      return;
    }
    out.requests.push(...scaled(i, floor, requests, 0));
    // At least 1: a row without failures keeps its red line on the floor, as in the stats chart.
    out.failures.push(...scaled(i, floor, failures, 1));
  });
  out.footer = footnote(input.more);
  out.size.height = digestHeight(n, out.footer.length);
  return out;
}

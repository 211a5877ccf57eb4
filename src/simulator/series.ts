/**
 * The traffic series. Each 5-minute interval's counters are a pure function of
 * (task key, interval start): queries over any ranges agree, and ONE_HOUR points are sums of
 * twelve 5-minute values (seeds 000/001 say the server picks FIVE_MINUTES or ONE_HOUR).
 */
import { DAY_MS, FIVE_MIN_MS, HOUR_MS, type SimTask } from "./demo-tasks.ts";
import { gaussian, uniform } from "./rng.ts";

export const STAT_TYPES = ["REQUEST", "SUCCESS", "FAILURE", "SKIP", "SIZE"] as const;
export type StatType = (typeof STAT_TYPES)[number];

export type IntervalCounts = Record<StatType, number>;

/** Seed 001: at most 1000 points per type in one answer. */
export const MAX_POINTS = 1000;

// Salts keep the hashed draws for different quantities independent.
const S_REQ = 11;
const S_BURST = 21;
const S_BURST_START = 22;
const S_BURST_LEN = 23;
const S_BURST_SEV = 24;
const S_FAIL = 31;
const S_SKIP = 41;
const S_PENDING = 51;
const S_SIZE = 61;

/** Does a failure burst cover interval t? Returns its severity (failure share) or 0. */
function burstSeverity(task: SimTask, t: number): number {
  const forced = task.profile.forcedBurst;
  if (forced && t >= forced.start && t < forced.end) return 0.72;
  const blockLen = 2 * HOUR_MS;
  const block = Math.floor(t / blockLen);
  if (uniform(task.key, block, S_BURST) >= task.profile.burstChance) return 0;
  const start =
    block * blockLen + Math.floor(uniform(task.key, block, S_BURST_START) * 18) * FIVE_MIN_MS;
  const len = (3 + Math.floor(uniform(task.key, block, S_BURST_LEN) * 10)) * FIVE_MIN_MS;
  if (t < start || t >= start + len) return 0;
  return 0.3 + 0.6 * uniform(task.key, block, S_BURST_SEV);
}

/** Rounds x up or down at random (by a hashed draw) so small expectations still show up. */
function stochasticRound(x: number, u: number): number {
  const f = Math.floor(x);
  return f + (u < x - f ? 1 : 0);
}

/**
 * Counters for the 5-minute interval starting at t, or null when the task had no traffic then
 * (the real server leaves such intervals out: seed 000's example skips 1700150700000).
 * Does not look at the clock: callers drop intervals that have not finished yet.
 */
export function intervalCounts(task: SimTask, t: number): IntervalCounts | null {
  const p = task.profile;
  if (p.peakPerInterval <= 0 || t < task.createTime) return null;
  if (task.stoppedAt !== null && t >= task.stoppedAt) return null;
  const idx = Math.floor(t / FIVE_MIN_MS);
  const hourOfDay = (t % DAY_MS) / HOUR_MS;
  const phase = Math.cos((2 * Math.PI * (hourOfDay - p.peakHourUtc)) / 24);
  const rhythm = 1 - (p.dayNightDepth * (1 - phase)) / 2;
  // 1970-01-01 was a Thursday: day 2 and 3 of this count are Saturday and Sunday.
  const weekday = (Math.floor(t / DAY_MS) + 4) % 7;
  const weekend = weekday === 0 || weekday === 6 ? 0.75 : 1;
  const drift = 1 + 0.15 * Math.sin((2 * Math.PI * idx) / (288 * 9.3));
  const severity = burstSeverity(task, t);
  const mean = p.peakPerInterval * rhythm * weekend * drift * (severity > 0 ? 1.3 : 1);
  const request = Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(task.key, idx, S_REQ)));
  if (request === 0) return null;

  const failShare =
    severity > 0 ? severity : p.baseFailureRate * (0.5 + uniform(task.key, idx, S_FAIL, 1));
  const failure = Math.min(
    request,
    stochasticRound(request * failShare, uniform(task.key, idx, S_FAIL)),
  );
  const skipMean = request * p.skipRate * (0.5 + uniform(task.key, idx, S_SKIP, 1));
  const skip = Math.min(
    request - failure,
    stochasticRound(skipMean, uniform(task.key, idx, S_SKIP)),
  );
  // A few objects are still in flight at the interval's end, so the parts need not add up.
  const pending = Math.min(
    request - failure - skip,
    Math.floor(request * 0.01 * uniform(task.key, idx, S_PENDING)),
  );
  const success = request - failure - skip - pending;
  const sizeFactor = Math.exp(0.4 * gaussian(task.key, idx, S_SIZE) - 0.08);
  const size = success > 0 ? Math.round(success * p.meanObjectBytes * sizeFactor) : 0;
  return { REQUEST: request, SUCCESS: success, FAILURE: failure, SKIP: skip, SIZE: size };
}

function addInto(acc: IntervalCounts, c: IntervalCounts): void {
  for (const k of STAT_TYPES) acc[k] += c[k];
}

function zero(): IntervalCounts {
  return { REQUEST: 0, SUCCESS: 0, FAILURE: 0, SKIP: 0, SIZE: 0 };
}

/** Sum of finished 5-minute intervals with start in [from, to), or null if none had traffic. */
export function sumCounts(
  task: SimTask,
  from: number,
  to: number,
  now: number,
): IntervalCounts | null {
  let acc: IntervalCounts | null = null;
  const first = Math.max(ceilTo(from, FIVE_MIN_MS), floorTo(task.createTime, FIVE_MIN_MS));
  const last = Math.min(to, now - FIVE_MIN_MS + 1, task.stoppedAt ?? Number.POSITIVE_INFINITY);
  for (let t = first; t < last; t += FIVE_MIN_MS) {
    const c = intervalCounts(task, t);
    if (c === null) continue;
    acc ??= zero();
    addInto(acc, c);
  }
  return acc;
}

export function floorTo(t: number, step: number): number {
  return Math.floor(t / step) * step;
}

export function ceilTo(t: number, step: number): number {
  return Math.ceil(t / step) * step;
}

/** Number of step-aligned instants in [start, end). */
export function alignedCount(start: number, end: number, step: number): number {
  const first = ceilTo(start, step);
  return first < end ? Math.floor((end - 1 - first) / step) + 1 : 0;
}

export type Granularity = "FIVE_MINUTES" | "ONE_HOUR";

/** FIVE_MINUTES while the range holds at most 1000 five-minute intervals (inferred rule). */
export function chooseGranularity(start: number, end: number): Granularity {
  return alignedCount(start, end, FIVE_MIN_MS) <= MAX_POINTS ? "FIVE_MINUTES" : "ONE_HOUR";
}

export interface SeriesPoint {
  t: number;
  counts: IntervalCounts;
}

export function granularityMs(g: Granularity): number {
  return g === "FIVE_MINUTES" ? FIVE_MIN_MS : HOUR_MS;
}

/**
 * Points with aligned start t in [start, end), oldest first, only finished intervals with
 * traffic, at most `maxPoints` (the oldest are kept: the real server's choice is unknown).
 */
export function seriesPoints(
  task: SimTask,
  start: number,
  end: number,
  granularity: Granularity,
  now: number,
  maxPoints = MAX_POINTS,
): SeriesPoint[] {
  const step = granularityMs(granularity);
  const out: SeriesPoint[] = [];
  // Clip to the task's life first: a query from 0 to 10^13 must not walk 10^9 empty hours.
  let t = Math.max(ceilTo(start, step), floorTo(task.createTime, step));
  const stop = Math.min(end, now, task.stoppedAt ?? Number.POSITIVE_INFINITY);
  for (; t < stop && out.length < maxPoints; t += step) {
    const counts = sumCounts(task, t, t + step, now);
    if (counts !== null) out.push({ t, counts });
  }
  return out;
}

/** Bounds of the UTC calendar month holding t (seed 002: monthly_* are for query_time's month). */
export function utcMonth(t: number): { start: number; end: number } {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return { start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
}

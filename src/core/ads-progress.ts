/**
 * ADS progress over time, from the bot's own samples: ADS answers only the current counts
 * (seed 004 has no history or statistics call), so the bot keeps what it saw at each poll.
 *
 * Retention (documented in app/ads/README.md): every sample for the last day, at most one per
 * 5 minutes; hourly (the last sample of each hour) from 1 to 14 days back; nothing older. That is
 * about 289 + 313 ≈ 600 samples per task (edges included), some 30 KB of JSON.
 */
import type { AdsProgressSample, AdsTask } from "./ads-domain.ts";
import { FINISHED_ADS_STATES } from "./ads-domain.ts";
import type { StatsChartInput } from "./chart-input.ts";
import type { StatPoint, TimeRange } from "./domain.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const ADS_RETENTION = {
  fineMs: 5 * MIN,
  fineForMs: DAY,
  coarseMs: HOUR,
  keepMs: 14 * DAY,
} as const;

/** The sample the task's current counts make, or undefined when ADS gave too little to chart. */
export function sampleOf(task: AdsTask, t: number): AdsProgressSample | undefined {
  if (task.percent === null && task.completeNum === null) return undefined;
  return {
    t,
    percent: task.percent ?? 0,
    complete: task.completeNum ?? 0,
    total: task.totalNum ?? 0,
  };
}

/**
 * `samples` with `added` in, thinned and cut to the retention above. Within a bucket the LAST
 * sample stays: it is the newest reading of that span. Pure; the input is not changed.
 */
export function retainSamples(
  samples: readonly AdsProgressSample[],
  now: number,
  added?: AdsProgressSample,
): AdsProgressSample[] {
  const all = added ? [...samples.filter((s) => s.t !== added.t), added] : [...samples];
  all.sort((a, b) => a.t - b.t);
  const byBucket = new Map<string, AdsProgressSample>();
  for (const s of all) {
    const age = now - s.t;
    if (age > ADS_RETENTION.keepMs) continue;
    const width = age <= ADS_RETENTION.fineForMs ? ADS_RETENTION.fineMs : ADS_RETENTION.coarseMs;
    // Keyed by width too, so a fine bucket never swallows a coarse one beside it.
    byBucket.set(`${width}:${Math.floor(s.t / width)}`, s);
  }
  return [...byBucket.values()].sort((a, b) => a.t - b.t);
}

export type FinishEstimate =
  | { kind: "eta"; at: number; percentPerHour: number }
  | { kind: "no-progress"; sinceT: number }
  | { kind: "finished" }
  | { kind: "too-few-samples" };

/** The window whose progress counts as "the current rate". */
export const ETA_WINDOW_MS = HOUR;

/**
 * When the task reaches 100 % at the current rate: the percent gained from the sample at or
 * before `now - ETA_WINDOW_MS` (else the oldest) to the newest. Needs two samples.
 */
export function estimateFinish(
  task: Pick<AdsTask, "state">,
  samples: readonly AdsProgressSample[],
): FinishEstimate {
  if (FINISHED_ADS_STATES.has(task.state)) return { kind: "finished" };
  const last = samples.at(-1);
  if (!last || samples.length < 2) return { kind: "too-few-samples" };
  const from =
    [...samples].reverse().find((s) => s.t <= last.t - ETA_WINDOW_MS) ??
    (samples[0] as AdsProgressSample);
  const gained = last.percent - from.percent;
  if (gained <= 0 || last.t <= from.t) return { kind: "no-progress", sinceT: from.t };
  const perMs = gained / (last.t - from.t);
  const remaining = Math.max(0, 100 - last.percent);
  return { kind: "eta", at: Math.round(last.t + remaining / perMs), percentPerHour: perMs * HOUR };
}

/**
 * The progress history as the stats chart's input: files completed in each interval as the
 * SUCCESS series (what "succeeded" means for OMS too), hourly for ranges over a day. The
 * percent, which that chart has no panel for, goes in the subtitle.
 */
export function adsChartInput(args: {
  title: string;
  subtitle: string;
  tz: string;
  range: TimeRange;
  samples: readonly AdsProgressSample[];
}): StatsChartInput {
  const { range, samples } = args;
  const hourly = range.end - range.start > DAY;
  const width = hourly ? HOUR : ADS_RETENTION.fineMs;
  const buckets = new Map<number, number>();
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1] as AdsProgressSample;
    const cur = samples[i] as AdsProgressSample;
    // Inclusive end: a sample taken at the moment of asking belongs to "last 6h".
    if (cur.t < range.start || cur.t > range.end) continue;
    const bucket = cur.t - (cur.t % width);
    // A count that went down (a restarted task) is not negative work: it counts as none.
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + Math.max(0, cur.complete - prev.complete));
  }
  const points: StatPoint[] = [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, v]) => ({ t, v }));
  return {
    title: args.title,
    subtitle: args.subtitle,
    tz: args.tz,
    range,
    granularity: hourly ? "ONE_HOUR" : "FIVE_MINUTES",
    series: { SUCCESS: points },
  };
}

/** The samples inside `range`, its end included (a sample taken just now counts). */
export function samplesIn(
  samples: readonly AdsProgressSample[],
  range: TimeRange,
): AdsProgressSample[] {
  return samples.filter((s) => s.t >= range.start && s.t <= range.end);
}

/**
 * When a digest is due. A digest posts once per local day of its zone, at its HH:MM there. The
 * local date is the key the app claims in the store (`digest:<id>:<date>`), so a restart, a
 * replica, or an HH:MM that happens twice (fall-back) cannot post it twice.
 *
 * DST: an HH:MM in the spring-forward gap (02:30 in Berlin on 2026-03-29) posts at the first
 * instant after the gap (03:00 CEST), the earliest moment that local day reaches that time; an
 * HH:MM in the fall-back overlap posts at its first reading.
 */
import type { DigestSpec } from "./alert-model.ts";
import { GRANULARITY_MS, type TimeRange } from "./domain.ts";
import { UNIT_MS } from "./duration.ts";
import { localTimeKind, pad2, zonedParts, zonedToUtc } from "./zoned-time.ts";

/** Posted later than this after its time, a digest says it is late (the bot was down). */
export const DIGEST_GRACE_MS = 15 * UNIT_MS.m;

export interface DigestSlot {
  /** The local day this digest is for, `YYYY-MM-DD` in the digest's zone. */
  dateKey: string;
  /** When that day's digest is due. */
  scheduledAt: number;
  /** Post now: the time is reached, this day's is not posted, and the digest existed by then. */
  due: boolean;
  /** Due, and more than DIGEST_GRACE_MS after its time: the message says so. */
  late: boolean;
  /** The next time it is due after this one (for `digest list`). */
  nextAt: number;
}

interface LocalDay {
  year: number;
  month: number;
  day: number;
}

const dayKey = (d: LocalDay) =>
  `${String(d.year).padStart(4, "0")}-${pad2(d.month)}-${pad2(d.day)}`;

/** The instant `hour:minute` is first reached on local day `d` in `tz`. */
export function scheduledInstant(d: LocalDay, hour: number, minute: number, tz: string): number {
  const local = { ...d, hour, minute };
  if (localTimeKind(local, tz) !== "gap") return zonedToUtc(local, tz);
  // zonedToUtc moves a gap time forward by the gap's length (02:30 → 03:30); the digest wants the
  // gap's end, the first instant whose wall clock is at or past HH:MM. Wall time is monotonic
  // within a few hours of a spring-forward, so bisect down to the minute.
  const target = Date.UTC(d.year, d.month - 1, d.day, hour, minute);
  const wall = (t: number) => {
    const p = zonedParts(t, tz);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  };
  let hi = zonedToUtc(local, tz);
  let lo = hi - 6 * UNIT_MS.h;
  while (hi - lo > UNIT_MS.m) {
    const mid = lo + Math.floor((hi - lo) / 2 / UNIT_MS.m) * UNIT_MS.m;
    if (wall(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Today's slot (local day of `now` in the digest's zone). `lastPostedKey` is the date key of the
 * last post if the caller knows it; the store's claim is what really keeps it to once.
 */
export function digestSlot(spec: DigestSpec, now: number, lastPostedKey?: string): DigestSlot {
  const p = zonedParts(now, spec.tz);
  const today: LocalDay = { year: p.year, month: p.month, day: p.day };
  const scheduledAt = scheduledInstant(today, spec.hour, spec.minute, spec.tz);
  const dateKey = dayKey(today);
  // A digest added at 10:00 for 09:00 starts tomorrow, rather than posting a "late" one at once.
  const due = now >= scheduledAt && spec.createdAt <= scheduledAt && lastPostedKey !== dateKey;
  const tomorrow = zonedParts(
    zonedToUtc({ ...today, day: today.day + 1, hour: 12, minute: 0 }, spec.tz),
    spec.tz,
  );
  const nextAt =
    now < scheduledAt
      ? scheduledAt
      : scheduledInstant(
          { year: tomorrow.year, month: tomorrow.month, day: tomorrow.day },
          spec.hour,
          spec.minute,
          spec.tz,
        );
  return { dateKey, scheduledAt, due, late: due && now - scheduledAt > DIGEST_GRACE_MS, nextAt };
}

/** The store's run-once key for one digest on one local day. */
export const digestClaimKey = (specId: string, dateKey: string) => `digest:${specId}:${dateKey}`;

/**
 * What a digest fetches for each task: the last 48 h, so the last 24 h can be compared with the
 * 24 h before. The end is on a five-minute boundary: the interval in progress is incomplete and
 * would make "now" look quieter than yesterday.
 */
export function digestStatsRange(now: number): TimeRange {
  const step = GRANULARITY_MS.FIVE_MINUTES;
  const end = Math.floor(now / step) * step;
  return { start: end - 2 * UNIT_MS.d, end };
}

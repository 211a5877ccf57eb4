import { instantsOf, pad2, zoneOffsetMs } from "../core/zoned-time.ts";
import { MAX_TIME_TICKS } from "./constants.ts";

/**
 * Time-axis ticks and labels in the user's timezone, computed here rather than by vega.
 *
 * vega formats time in the process's timezone (render-notes, "Timezones"). Shifting the data by
 * the zone offset would fix the labels but fold the repeated hour of a DST fall-back onto
 * itself (the line would run backwards for an hour). So x stays true UTC instants and only the
 * tick positions and label strings are chosen in the zone; the spec draws exactly these.
 */

export interface TimeTick {
  /** ms since epoch */
  t: number;
  label: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  28 * DAY,
] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The instant's wall-clock time in `tz`, as ms on a UTC-like scale (read with getUTC*). */
export function toWallMs(tz: string, t: number): number {
  return t + zoneOffsetMs(t, tz);
}

/**
 * Every instant whose wall-clock time in `tz` is `wall` (minute precision): none in a
 * spring-forward gap, two in a fall-back overlap. core/zoned-time owns the DST rules.
 */
export function wallToInstants(tz: string, wall: number): number[] {
  const d = new Date(wall);
  return instantsOf(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
    },
    tz,
  );
}

/** Midnight shows the date ("Nov 22"), anything else the 24-hour time ("14:30"). */
export function wallLabel(wall: number): string {
  const d = new Date(wall);
  if (wall % DAY === 0) return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** The smallest step that gives at most `maxTicks` ticks over the span. */
export function chooseStep(spanMs: number, maxTicks: number = MAX_TIME_TICKS): number {
  for (const step of STEPS) if (spanMs / step <= maxTicks - 1) return step;
  return Math.ceil(spanMs / (maxTicks - 1) / DAY) * DAY;
}

/**
 * Ticks on wall-clock boundaries in `tz` (every 3 h at 00:00, 03:00, ... local time) between
 * start and end inclusive, labelled in that zone, whatever the process's TZ.
 */
export function timeTicks(
  tz: string,
  start: number,
  end: number,
  maxTicks: number = MAX_TIME_TICKS,
): TimeTick[] {
  if (!(end > start)) return [];
  const step = chooseStep(end - start, maxTicks);
  const first = Math.floor(toWallMs(tz, start) / step) * step;
  const last = toWallMs(tz, end);
  const ticks: TimeTick[] = [];
  for (let wall = first; wall <= last + HOUR * 2; wall += step) {
    for (const t of wallToInstants(tz, wall)) {
      if (t >= start && t <= end) ticks.push({ t, label: wallLabel(wall) });
    }
  }
  return ticks;
}

/**
 * A RangeSpec made concrete: instants for the API, in the user's timezone, refused with a reason
 * when the API could not serve it. The clock and the zone are passed in (core/ stays pure).
 */
import type { LocalDateTime, RangeSpec } from "./command.ts";
import { MAX_RANGE_MS, MIN_RANGE_MS } from "./command-limits.ts";
import type { TimeRange } from "./domain.ts";
import { UNIT_MS } from "./duration.ts";
import { mrkdwnText } from "./format.ts";
import { badRange, quote } from "./parse-errors.ts";
import { rangeSpecText, tooShort } from "./parse-range.ts";
import {
  formatWallClock,
  formatZoned,
  type LocalParts,
  localTimeKind,
  startOfZonedDay,
  startOfZonedDayOffset,
  zonedParts,
  zonedToUtc,
} from "./zoned-time.ts";

export interface ResolvedRange extends TimeRange {
  /** Things the user should know about how the range was read (an end cut to now, a DST gap). */
  notes: string[];
}

export interface ResolveRangeOptions {
  /**
   * What the examples in refusals start with, so they can be sent as they are: the user's own
   * `stats <task>` when the caller has it.
   */
  command?: string;
}

type LocalDate = { year: number; month: number; day: number };

function resolveLocal(t: LocalDateTime, dateFrom: LocalDate, tz: string, notes: string[]): number {
  const local: LocalParts = {
    year: t.year ?? dateFrom.year,
    month: t.month ?? dateFrom.month,
    day: t.day ?? dateFrom.day,
    hour: t.hour,
    minute: t.minute,
  };
  const ms = zonedToUtc(local, tz);
  const kind = localTimeKind(local, tz);
  const typed = formatWallClock(local);
  if (kind === "gap") {
    notes.push(
      `${typed} does not exist in ${mrkdwnText(tz)} (the clocks jumped forward), so it is read as ${formatZoned(ms, tz)}.`,
    );
  } else if (kind === "overlap") {
    notes.push(
      `${typed} happened twice in ${mrkdwnText(tz)} (the clocks went back); the first one is used.`,
    );
  }
  return ms;
}

/** The calendar date `days` after `date` (month and year roll over). */
function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const dateText = (d: LocalDate) => formatWallClock({ ...d, hour: 0, minute: 0 }).slice(0, 10);
const sameDate = (a: LocalDate, b: LocalDate) =>
  a.year === b.year && a.month === b.month && a.day === b.day;

function daysText(ms: number): string {
  return `${Math.round((ms / UNIT_MS.d) * 10) / 10} days`;
}

/**
 * Why `from A to B` ends at or before it starts, with a range that means what was likely meant:
 * a date alone is 00:00, so `from D to D` is empty; a time alone takes the start's date, so
 * `from 22:00 to 02:00` ends before it starts.
 */
function backwardsMessage(
  spec: Extract<RangeSpec, { kind: "between" }>,
  fromDate: LocalDate,
  startsInFuture: boolean,
  today: LocalDate,
  cmd: string,
): string {
  const typed = quote(rangeSpecText(spec));
  const { from, to } = spec;
  const toDate: LocalDate = {
    year: to.year ?? fromDate.year,
    month: to.month ?? fromDate.month,
    day: to.day ?? fromDate.day,
  };
  const midnight = (t: LocalDateTime) => t.hour === 0 && t.minute === 0;
  if (to.year !== undefined && midnight(from) && midnight(to) && sameDate(fromDate, toDate)) {
    const day = dateText(fromDate);
    const named = sameDate(fromDate, today)
      ? ` or ${quote(`${cmd} today`, 120)}`
      : sameDate(fromDate, addDays(today, -1))
        ? ` or ${quote(`${cmd} yesterday`, 120)}`
        : "";
    const whole = `${cmd} from ${day} 00:00 to ${dateText(addDays(fromDate, 1))} 00:00`;
    return `${typed} is empty: a date alone means 00:00, so both ends are ${day} 00:00. For the whole day try ${quote(whole, 120)}${named}.`;
  }
  if (
    to.year === undefined &&
    (to.hour < from.hour || (to.hour === from.hour && to.minute < from.minute))
  ) {
    // A start without a date that is still ahead today was surely last night's.
    const startDay = from.year === undefined && startsInFuture ? addDays(fromDate, -1) : fromDate;
    const fixed = `${cmd} from ${formatWallClock({ ...startDay, hour: from.hour, minute: from.minute })} to ${formatWallClock({ ...addDays(startDay, 1), hour: to.hour, minute: to.minute })}`;
    return `${typed} ends before it starts: the end ${formatWallClock(to)} is read on the start's day (${dateText(fromDate)}). To cross midnight, give dates: ${quote(fixed, 120)}.`;
  }
  return `${typed} ends before it starts. Put the earlier time first: ${quote(`${cmd} from 2026-11-20 08:00 to 2026-11-20 18:00`, 120)}.`;
}

/**
 * Rules (README.md): `last N` is [now−N, now]; `today` is [local midnight, now]; `yesterday` is
 * the whole previous local day (23 or 25 hours across DST); `since T` is [T, now] where a time
 * without a date is today's and must not be in the future (refused, with a dated example);
 * `from A to B` may end in the future (cut to now, with a note) but must start in the past.
 * A time without a date means today, except that `to`'s time follows `from`'s date.
 * Nothing shorter than 5 minutes (the API's interval), nothing starting over 90 days ago.
 */
export function resolveRange(
  spec: RangeSpec,
  now: number,
  tz: string,
  options: ResolveRangeOptions = {},
): ResolvedRange {
  const cmd = options.command ?? "stats nightly-backup";
  const example = (range: string) => quote(`${cmd} ${range}`, 120);
  const notes: string[] = [];
  const typed = quote(rangeSpecText(spec));
  // Zone names hold `_` (America/Port_of_Spain), which Slack would read as italics.
  const nowText = `${formatZoned(now, tz)} ${mrkdwnText(tz)}`;
  const today = zonedParts(now, tz);
  let start: number;
  let end = now;
  switch (spec.kind) {
    case "last":
      start = now - spec.amount * UNIT_MS[spec.unit];
      break;
    case "today":
      start = startOfZonedDay(now, tz);
      if (now - start < MIN_RANGE_MS) {
        throw badRange(
          `Today has only just begun in ${mrkdwnText(tz)} (it is ${nowText}), and the API counts in 5-minute intervals. Try ${example("yesterday")}.`,
        );
      }
      break;
    case "yesterday":
      start = startOfZonedDayOffset(now, -1, tz);
      end = startOfZonedDay(now, tz);
      break;
    case "since": {
      start = resolveLocal(spec.from, today, tz, notes);
      if (start >= now) {
        const timeOnly = spec.from.year === undefined;
        const yesterday = zonedParts(startOfZonedDayOffset(now, -1, tz), tz);
        const suggestion = timeOnly
          ? ` To start yesterday, give the date: ${example(`since ${formatWallClock({ ...yesterday, hour: spec.from.hour, minute: spec.from.minute })}`)}.`
          : ` Try ${example("last 6h")}.`;
        throw badRange(`${typed} is in the future (it is ${nowText} now).${suggestion}`);
      }
      break;
    }
    case "between": {
      const fromDate: LocalDate = {
        year: spec.from.year ?? today.year,
        month: spec.from.month ?? today.month,
        day: spec.from.day ?? today.day,
      };
      start = resolveLocal(spec.from, today, tz, notes);
      end = resolveLocal(spec.to, fromDate, tz, notes);
      if (end <= start) {
        throw badRange(backwardsMessage(spec, fromDate, start > now, today, cmd));
      }
      if (start >= now) {
        throw badRange(
          `${typed} starts in the future (it is ${nowText} now). Try ${example("last 6h")}.`,
        );
      }
      if (end > now) {
        notes.push(
          `The end, ${formatZoned(end, tz)}, is still ahead, so the range stops now (${formatZoned(now, tz, "time")}).`,
        );
        end = now;
      }
      break;
    }
  }
  if (start < now - MAX_RANGE_MS) {
    throw badRange(
      `${typed} starts ${Math.floor((now - start) / UNIT_MS.d)} days ago; the API keeps only the last 90 days. Try ${example("last 90d")} or a later start.`,
    );
  }
  if (end - start > MAX_RANGE_MS) {
    throw badRange(
      `${typed} spans ${daysText(end - start)}; the API serves at most 90 days. Try ${example("last 90d")} or a shorter \`from … to …\`.`,
    );
  }
  if (end - start < MIN_RANGE_MS) {
    const length = end > start ? `lasts only ${Math.ceil((end - start) / UNIT_MS.m)}m` : "is empty";
    throw badRange(`${typed} ${length}: ${tooShort(example("last 30m"))}`);
  }
  return { start, end, notes };
}

/**
 * A title for charts and messages: "last 6h · 2026-11-22 08:00–14:00 Asia/Shanghai"; the date is
 * repeated only when the range crosses midnight.
 */
export function describeRange(spec: RangeSpec, range: TimeRange, tz: string): string {
  const from = formatZoned(range.start, tz);
  const sameDay = formatZoned(range.start, tz, "date") === formatZoned(range.end, tz, "date");
  const to = sameDay ? formatZoned(range.end, tz, "time") : formatZoned(range.end, tz);
  const span = sameDay ? `${from}–${to} ${tz}` : `${from} – ${to} ${tz}`;
  return spec.kind === "between" ? span : `${rangeSpecText(spec)} · ${span}`;
}

/**
 * A RangeSpec made concrete: instants for the API, in the user's timezone, refused with a reason
 * when the API could not serve it. The clock and the zone are passed in (core/ stays pure).
 */
import type { LocalDateTime, RangeSpec } from "./command.ts";
import { MAX_RANGE_MS } from "./command-limits.ts";
import type { TimeRange } from "./domain.ts";
import { UNIT_MS } from "./duration.ts";
import { badRange, quote } from "./parse-errors.ts";
import { rangeSpecText } from "./parse-range.ts";
import {
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

function resolveLocal(
  t: LocalDateTime,
  dateFrom: { year: number; month: number; day: number },
  tz: string,
  notes: string[],
): number {
  const local: LocalParts = {
    year: t.year ?? dateFrom.year,
    month: t.month ?? dateFrom.month,
    day: t.day ?? dateFrom.day,
    hour: t.hour,
    minute: t.minute,
  };
  const ms = zonedToUtc(local, tz);
  const kind = localTimeKind(local, tz);
  const typed = formatLocal(local);
  if (kind === "gap") {
    notes.push(
      `${typed} does not exist in ${tz} (the clocks jumped forward), so it is read as ${formatZoned(ms, tz)}.`,
    );
  } else if (kind === "overlap") {
    notes.push(`${typed} happened twice in ${tz} (the clocks went back); the first one is used.`);
  }
  return ms;
}

function formatLocal(p: LocalParts): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

function daysText(ms: number): string {
  return `${Math.round((ms / UNIT_MS.d) * 10) / 10} days`;
}

/**
 * Rules (README.md): `last N` is [now−N, now]; `today` is [local midnight, now]; `yesterday` is
 * the whole previous local day (23 or 25 hours across DST); `since T` is [T, now] where a time
 * without a date is today's and must not be in the future (refused, with a dated example);
 * `from A to B` may end in the future (cut to now, with a note) but must start in the past.
 * A time without a date means today, except that `to`'s time follows `from`'s date.
 * Nothing longer than 90 days, nothing empty.
 */
export function resolveRange(spec: RangeSpec, now: number, tz: string): ResolvedRange {
  const notes: string[] = [];
  const typed = quote(rangeSpecText(spec));
  const nowText = `${formatZoned(now, tz)} ${tz}`;
  const today = zonedParts(now, tz);
  let start: number;
  let end = now;
  switch (spec.kind) {
    case "last":
      start = now - spec.amount * UNIT_MS[spec.unit];
      break;
    case "today":
      start = startOfZonedDay(now, tz);
      if (start >= now) throw badRange(`Today has only just begun in ${tz}. Try \`yesterday\`.`);
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
          ? ` To start yesterday, give the date: \`since ${formatLocal({ ...yesterday, hour: spec.from.hour, minute: spec.from.minute })}\`.`
          : " Try `last 6h`.";
        throw badRange(`${typed} is in the future (it is ${nowText} now).${suggestion}`);
      }
      break;
    }
    case "between": {
      const fromDate = {
        year: spec.from.year ?? today.year,
        month: spec.from.month ?? today.month,
        day: spec.from.day ?? today.day,
      };
      start = resolveLocal(spec.from, today, tz, notes);
      end = resolveLocal(spec.to, fromDate, tz, notes);
      if (end <= start) {
        throw badRange(
          `${typed} ends before it starts. Put the earlier time first: \`from 2026-11-20 08:00 to 2026-11-20 18:00\`.`,
        );
      }
      if (start >= now) throw badRange(`${typed} starts in the future (it is ${nowText} now).`);
      if (end > now) {
        notes.push(
          `The end, ${formatZoned(end, tz)}, is still ahead, so the range stops now (${formatZoned(now, tz, "time")}).`,
        );
        end = now;
      }
      break;
    }
  }
  if (end - start > MAX_RANGE_MS) {
    throw badRange(
      `${typed} spans ${daysText(end - start)}; the API serves at most 90 days. Try \`last 90d\` or a shorter \`from … to …\`.`,
    );
  }
  if (end <= start) throw badRange(`${typed} is empty. Try \`last 6h\`.`);
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

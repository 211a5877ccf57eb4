/** The `<range>` of `stats`: `last 6h`, `today`, `yesterday`, `since 09:00`, `from … to …`. */
import type { LocalDateTime, RangeSpec } from "./command.ts";
import { MAX_RANGE_MS, MAX_YEAR, MIN_RANGE_MS, MIN_YEAR } from "./command-limits.ts";
import { code, EXAMPLE, tryExamples } from "./help.ts";
import { badRange, quote } from "./parse-errors.ts";
import { joinTokens, readDuration } from "./parse-shared.ts";
import type { Token } from "./tokenize.ts";
import { formatWallClock } from "./zoned-time.ts";

export const RANGE_KEYWORDS: ReadonlySet<string> = new Set([
  "last",
  "past",
  "today",
  "yesterday",
  "since",
  "from",
]);

export interface Parsed<T> {
  value: T;
  /** Index of the first token not consumed. */
  next: number;
}

const CLOCK = /^(\d{1,2})(?:[:h.](\d{2}))?(am|pm)?$/;
const DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:t(.+))?$/;

/** `09:00`, `9:00`, `9am`, `9:30pm`, `18h30` → hour/minute; undefined if not a clock time. */
export function parseClock(text: string): { hour: number; minute: number } | undefined {
  const m = CLOCK.exec(text.toLowerCase());
  if (!m) return undefined;
  const [, h = "", min, ampm] = m;
  // A bare number is a clock time only with am/pm: `since 9` is too easily a typo.
  if (min === undefined && ampm === undefined) return undefined;
  let hour = Number(h);
  const minute = min === undefined ? 0 : Number(min);
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm === "pm" ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `2026-11-20` (also with `/`), optionally `T08:00` attached. */
function parseDate(
  text: string,
): { year: number; month: number; day: number; time?: string } | undefined {
  const m = DATE.exec(text.toLowerCase());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return m[4] === undefined ? { year, month, day } : { year, month, day, time: m[4] };
}

function isDateLike(text: string): boolean {
  return /^\d{4}[-/]\d/.test(text) || /^\d{1,2}[:.]\d/.test(text) || /^\d{1,2}(am|pm)$/i.test(text);
}

/**
 * A wall-clock time: `<date> [<time>]` or `<time>`. A date alone is 00:00 that day; a time alone
 * is today. `what` names the keyword for the error message.
 */
export function parseLocalDateTime(
  tokens: Token[],
  i: number,
  what: string,
): Parsed<LocalDateTime> {
  const tok = tokens[i];
  const example = tryExamples("since", "between");
  if (!tok || tok.quoted) {
    throw badRange(`${quote(what)} needs a time or a date and time. ${example}`);
  }
  const date = parseDate(tok.text);
  if (date) {
    let timeText = date.time;
    let next = i + 1;
    const following = tokens[next];
    if (timeText === undefined && following && !following.quoted && isDateLike(following.text)) {
      timeText = following.text;
      next++;
    }
    const clock = timeText === undefined ? { hour: 0, minute: 0 } : parseClock(timeText);
    if (!clock) {
      const typed = tokens
        .slice(i, next)
        .map((t) => t.text)
        .join(" ");
      throw badRange(
        `I can't read ${quote(typed)} as a date and time (times are HH:MM from 00:00 to 23:59). ${example}`,
      );
    }
    return { value: { year: date.year, month: date.month, day: date.day, ...clock }, next };
  }
  const clock = parseClock(tok.text);
  if (clock) return { value: clock, next: i + 1 };
  const why = isDateLike(tok.text)
    ? `is not a real date or time (dates are YYYY-MM-DD between ${MIN_YEAR} and ${MAX_YEAR}, times HH:MM from 00:00 to 23:59)`
    : "is not a time";
  throw badRange(`${quote(`${what} ${tok.text}`)}: ${quote(tok.text)} ${why}. ${example}`);
}

function durationMessage(typed: string, reason: string): string {
  const base = `${quote(`last ${typed}`)}`;
  switch (reason) {
    case "seconds":
      return `${base}: ranges are counted in minutes or more (the API's points are 5 minutes apart). ${tryExamples("last")}`;
    case "fraction":
      return `${base}: use whole numbers — \`last 90m\` instead of \`last 1.5h\`. ${tryExamples("stats")}`;
    case "zero":
      return `${base} is empty: a range is at least 5m. ${tryExamples("last")}`;
    default:
      return `I can't read ${quote(typed)} as a length of time: write a number and m, h, d or w, like \`last 30m\`, \`last 6h\`, \`last 2d\`, \`last 1w\`. ${tryExamples("stats")}`;
  }
}

/** Why a range shorter than MIN_RANGE_MS is refused; `example` is a code span to send instead. */
export function tooShort(example: string): string {
  return `the API counts in 5-minute intervals, so a shorter range holds no data; try ${example}.`;
}

/** `last <duration>` from tokens[i] (the `last` word itself). */
function parseLast(tokens: Token[], i: number): Parsed<RangeSpec> {
  const word = tokens[i]?.text ?? "last";
  const a = tokens[i + 1];
  if (!a || a.quoted) {
    throw badRange(`${quote(word)} needs a length of time. ${tryExamples("stats", "last")}`);
  }
  const read = readDuration(tokens, i + 1);
  if (!read) throw badRange(durationMessage(a.text, "syntax"));
  const typed = joinTokens(tokens.slice(i + 1, read.next));
  const d = read.value;
  if (!d.ok) throw badRange(durationMessage(typed, d.reason));
  if (d.ms < MIN_RANGE_MS)
    throw badRange(`${quote(`${word} ${typed}`)}: ${tooShort(code(EXAMPLE.last))}`);
  if (d.ms > MAX_RANGE_MS) {
    throw badRange(
      `${quote(`${word} ${typed}`)} is too long: the API serves at most 90 days. ${tryExamples("longest")}`,
    );
  }
  return { value: { kind: "last", amount: d.amount, unit: d.unit }, next: read.next };
}

/**
 * Reads a range starting at tokens[i], or returns undefined if tokens[i] is not a range keyword.
 * Throws BAD_RANGE for a range keyword followed by something that is not a range.
 */
export function parseRangeAt(tokens: Token[], i: number): Parsed<RangeSpec> | undefined {
  const tok = tokens[i];
  if (!tok || tok.quoted || !RANGE_KEYWORDS.has(tok.lower)) return undefined;
  switch (tok.lower) {
    case "last":
    case "past":
      return parseLast(tokens, i);
    case "today":
      return { value: { kind: "today" }, next: i + 1 };
    case "yesterday":
      return { value: { kind: "yesterday" }, next: i + 1 };
    case "since": {
      const after = tokens[i + 1];
      if (after && !after.quoted && (after.lower === "yesterday" || after.lower === "today")) {
        throw badRange(
          `${quote(`since ${after.text}`)}: give a time instead — \`${after.lower}\` alone is a range, or use a date: ${tryExamples("since", "between")}`,
        );
      }
      const from = parseLocalDateTime(tokens, i + 1, "since");
      return { value: { kind: "since", from: from.value }, next: from.next };
    }
    default: {
      const from = parseLocalDateTime(tokens, i + 1, "from");
      const toTok = tokens[from.next];
      if (!toTok || toTok.quoted || (toTok.lower !== "to" && toTok.lower !== "until")) {
        // `from X` with no end reads as `since X`.
        return { value: { kind: "since", from: from.value }, next: from.next };
      }
      const endTok = tokens[from.next + 1];
      if (endTok && !endTok.quoted && endTok.lower === "now") {
        return { value: { kind: "since", from: from.value }, next: from.next + 2 };
      }
      const to = parseLocalDateTime(tokens, from.next + 1, toTok.text);
      return { value: { kind: "between", from: from.value, to: to.value }, next: to.next };
    }
  }
}

/** The range as the user would type it, for messages and titles: `last 6h`, `since 09:00`. */
export function rangeSpecText(spec: RangeSpec): string {
  switch (spec.kind) {
    case "last":
      return `last ${spec.amount}${spec.unit}`;
    case "today":
    case "yesterday":
      return spec.kind;
    case "since":
      return `since ${formatWallClock(spec.from)}`;
    default:
      return `from ${formatWallClock(spec.from)} to ${formatWallClock(spec.to)}`;
  }
}

/**
 * Wall-clock arithmetic in IANA timezones with nothing but `Intl.DateTimeFormat`.
 *
 * DST rules (see README.md):
 * - a local time that does not exist (spring-forward gap) is moved forward by the gap's length,
 *   e.g. 02:30 on 2026-03-29 in Europe/Berlin becomes 03:30 CEST — the later valid reading,
 *   the same choice as Temporal's "compatible" disambiguation;
 * - a local time that happens twice (fall-back overlap) means the earlier instant.
 */

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A local wall-clock time; fields out of range roll over the way `Date.UTC` does. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export type ZonedStyle = "datetime" | "date" | "time" | "iso";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// Building a DateTimeFormat costs far more than using one; zones are few, so keep them.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The canonical spelling of a timezone Intl knows (`europe/berlin` → `Europe/Berlin`), else undefined. */
export function canonicalTimeZone(tz: string): string | undefined {
  if (tz.length === 0 || tz.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function isValidTimeZone(tz: string): boolean {
  return canonicalTimeZone(tz) !== undefined;
}

/** Every zone name Intl offers, plus `UTC` (which `supportedValuesOf` leaves out). */
export function knownTimeZones(): readonly string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : [...zones, "UTC"];
}

/** The wall clock in `tz` at instant `ms`. */
export function zonedParts(ms: number, tz: string): ZonedParts {
  const out: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatterFor(tz).formatToParts(ms)) {
    if (p.type in out) out[p.type as keyof ZonedParts] = Number(p.value);
  }
  // Some ICU versions print midnight as 24 even with h23.
  if (out.hour === 24) out.hour = 0;
  return out;
}

/** How far `tz` is ahead of UTC at instant `ms`, in ms (Berlin in winter: +3_600_000). */
export function zoneOffsetMs(ms: number, tz: string): number {
  const p = zonedParts(ms, tz);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** How a wall-clock time maps to instants: once, never (DST gap) or twice (DST overlap). */
export type LocalTimeKind = "normal" | "gap" | "overlap";

/**
 * Every instant whose wall clock in `tz` reads `local`, earliest first: none in a DST gap, two
 * in a DST overlap, otherwise one.
 */
export function instantsOf(local: LocalParts, tz: string): number[] {
  return readings(local, tz).valid;
}

function readings(local: LocalParts, tz: string): { valid: number[]; latest: number } {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The real instant is asUtc minus an offset of at most ±14h (+ a gap); sampling the offsets
  // well before and after catches both sides of any transition near it.
  const offsets = new Set([
    zoneOffsetMs(asUtc - 30 * HOUR, tz),
    zoneOffsetMs(asUtc, tz),
    zoneOffsetMs(asUtc + 30 * HOUR, tz),
  ]);
  const want = new Date(asUtc);
  const valid: number[] = [];
  let latest = Number.NEGATIVE_INFINITY;
  for (const off of offsets) {
    const t = asUtc - off;
    latest = Math.max(latest, t);
    const p = zonedParts(t, tz);
    if (
      p.year === want.getUTCFullYear() &&
      p.month === want.getUTCMonth() + 1 &&
      p.day === want.getUTCDate() &&
      p.hour === want.getUTCHours() &&
      p.minute === want.getUTCMinutes()
    ) {
      valid.push(t);
    }
  }
  valid.sort((a, b) => a - b);
  return { valid, latest };
}

/** The instant a wall-clock time in `tz` names; gaps move forward, overlaps take the earlier. */
export function zonedToUtc(local: LocalParts, tz: string): number {
  const { valid, latest } = readings(local, tz);
  // In a gap no reading matches; the one using the pre-transition offset lands after the gap.
  return valid[0] ?? latest;
}

export function localTimeKind(local: LocalParts, tz: string): LocalTimeKind {
  const n = readings(local, tz).valid.length;
  return n === 0 ? "gap" : n === 1 ? "normal" : "overlap";
}

/** The first instant of the local day holding `ms` (not always 00:00 where midnight is skipped). */
export function startOfZonedDay(ms: number, tz: string): number {
  const p = zonedParts(ms, tz);
  return zonedToUtc({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0 }, tz);
}

/** The first instant of the local day `days` days after the one holding `ms` (negative: before). */
export function startOfZonedDayOffset(ms: number, days: number, tz: string): number {
  const p = zonedParts(ms, tz);
  return zonedToUtc({ year: p.year, month: p.month, day: p.day + days, hour: 0, minute: 0 }, tz);
}

export const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * A wall-clock time as people type it back: "2026-11-22 14:05", or "14:05" when it has no date.
 * The one spelling for messages, titles and examples, so each reads like the command language.
 */
export function formatWallClock(p: {
  year?: number | undefined;
  month?: number | undefined;
  day?: number | undefined;
  hour: number;
  minute: number;
}): string {
  const time = `${pad2(p.hour)}:${pad2(p.minute)}`;
  if (p.year === undefined || p.month === undefined || p.day === undefined) return time;
  return `${String(p.year).padStart(4, "0")}-${pad2(p.month)}-${pad2(p.day)} ${time}`;
}

/**
 * For display: `datetime` "2026-11-22 14:05", `date` "2026-11-22", `time` "14:05",
 * `iso` "2026-11-22T14:05:00+08:00".
 */
export function formatZoned(ms: number, tz: string, style: ZonedStyle = "datetime"): string {
  const p = zonedParts(ms, tz);
  const [date = "", time = ""] = formatWallClock(p).split(" ");
  switch (style) {
    case "date":
      return date;
    case "time":
      return time;
    case "iso": {
      const off = Math.round(zoneOffsetMs(ms, tz) / MINUTE);
      const sign = off < 0 ? "-" : "+";
      const abs = Math.abs(off);
      return `${date}T${time}:${pad2(p.second)}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
    }
    default:
      return formatWallClock(p);
  }
}

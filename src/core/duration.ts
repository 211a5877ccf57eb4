/** Durations as people type them: `30m`, `6h`, `2d`, `1w`, `1h30m`, `6 hours`. */

export type DurationUnit = "m" | "h" | "d" | "w";

export const UNIT_MS: Record<DurationUnit, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export type DurationResult =
  | { ok: true; ms: number; amount: number; unit: DurationUnit }
  | { ok: false; reason: "seconds" | "fraction" | "zero" | "too-big" | "syntax" };

const UNIT_WORDS: Record<string, DurationUnit | "s"> = {
  s: "s",
  sec: "s",
  secs: "s",
  second: "s",
  seconds: "s",
  m: "m",
  min: "m",
  mins: "m",
  minute: "m",
  minutes: "m",
  h: "h",
  hr: "h",
  hrs: "h",
  hour: "h",
  hours: "h",
  d: "d",
  day: "d",
  days: "d",
  w: "w",
  wk: "w",
  wks: "w",
  week: "w",
  weeks: "w",
};

/** True when `word` names a unit (`h`, `hours`, ...), so `6 hours` can be read as one duration. */
export function isUnitWord(word: string): boolean {
  return Object.hasOwn(UNIT_WORDS, word.toLowerCase());
}

// Bounded so a 2,000-character token cannot make the regex work hard.
const PIECE = /^(\d{1,6}(?:[.,]\d{1,6})?)\s*([a-z]{1,7})/;

/**
 * Reads a duration. One piece keeps its unit (`24h` stays 24h); compound forms add up and name
 * the largest unit that divides them exactly, so `1h30m` is `{ amount: 90, unit: "m" }`. Seconds are refused: the
 * API's finest grain is 5 minutes.
 */
export function parseDuration(text: string): DurationResult {
  let rest = text.trim().toLowerCase();
  if (rest.length === 0 || rest.length > 40) return { ok: false, reason: "syntax" };
  let ms = 0;
  let sawSeconds = false;
  let sawFraction = false;
  const pieces: Array<{ n: number; unit: DurationUnit }> = [];
  while (rest.length > 0) {
    const m = PIECE.exec(rest);
    if (!m) return { ok: false, reason: "syntax" };
    const [whole, num = "", word = ""] = m;
    const unit = UNIT_WORDS[word];
    if (!unit) return { ok: false, reason: "syntax" };
    if (/[.,]/.test(num)) sawFraction = true;
    if (unit === "s") sawSeconds = true;
    else {
      ms += Number(num.replace(",", ".")) * UNIT_MS[unit];
      pieces.push({ n: Number(num.replace(",", ".")), unit });
    }
    rest = rest.slice(whole.length).trimStart();
  }
  if (sawSeconds) return { ok: false, reason: "seconds" };
  if (sawFraction) return { ok: false, reason: "fraction" };
  if (ms === 0) return { ok: false, reason: "zero" };
  if (ms > 3650 * UNIT_MS.d) return { ok: false, reason: "too-big" };
  // One piece keeps the unit it was typed in: `last 24h` is titled "last 24h", not "last 1d".
  const only = pieces.length === 1 ? pieces[0] : undefined;
  if (only) return { ok: true, ms, amount: only.n, unit: only.unit };
  const units: DurationUnit[] = ["w", "d", "h", "m"];
  const unit = units.find((u) => ms % UNIT_MS[u] === 0) ?? "m";
  return { ok: true, ms, amount: ms / UNIT_MS[unit], unit };
}

/** `5_400_000` → `1h30m`; `86_400_000` → `1d`. Weeks are shown as days unless exact. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return "0m";
  if (ms % UNIT_MS.w === 0) return `${ms / UNIT_MS.w}w`;
  let rest = Math.round(ms / UNIT_MS.m);
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 1440],
    ["h", 60],
    ["m", 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join("");
}

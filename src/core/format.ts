/** Numbers as people read them in a chat line. Pure. */

const BINARY_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"] as const;

export type BinaryUnit = (typeof BINARY_UNITS)[number];

/** The binary unit that keeps `bytes` in [1, 1024) (PiB at most), and its divisor. */
export function binaryUnit(bytes: number): { unit: BinaryUnit; divisor: number } {
  let i = 0;
  let divisor = 1;
  while (i < BINARY_UNITS.length - 1 && bytes >= divisor * 1024) {
    divisor *= 1024;
    i++;
  }
  return { unit: BINARY_UNITS[i] ?? "B", divisor };
}

/** 1536 → "1.50 KiB". Binary units, because object storage sizes are counted that way. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "–";
  const { unit, divisor } = binaryUnit(bytes);
  const v = bytes / divisor;
  const digits = unit === "B" || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${unit}`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** 1234567 → "1,234,567": counts are exact, so they are shown whole. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "–";
  return Math.round(n).toLocaleString("en-US");
}

/** 0.98765 → "98.8%"; undefined (no denominator) → "n/a". */
export function formatPercent(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return "n/a";
  const p = ratio * 100;
  if (p > 99.9 && p < 100) return "99.9%";
  return `${p.toFixed(p >= 10 || p === 0 ? 1 : 2)}%`;
}

/**
 * The entity escape Slack asks of apps: exactly `&`, `<` and `>`
 * (api.slack.com/reference/surfaces/formatting#escaping), so `<!channel>`, `<@U…>` and
 * `<url|label>` stay text rather than pings and links. It leaves `*_~` and backticks alone, so
 * on its own it is only enough for text that holds none (or sits in a code span without
 * backticks): outside text goes through mrkdwnText or mrkdwnCode instead.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Slack mrkdwn has no backslash escape for its formatting markers
 * (api.slack.com/reference/surfaces/formatting#basic-formatting), and whether a zero-width
 * character next to a marker stops or *starts* formatting depends on Slack's word-boundary rules
 * (a zero-width space is the known trick to bold part of a word). So outside text carries no
 * markers at all: each is swapped for a look-alike that Slack never reads as formatting. The
 * look-alikes are mapped back (undoLookAlikes) where text is read again, so a name copied
 * out of a reply still resolves.
 */
export const LOOK_ALIKES = {
  "*": "\u2217", // ∗ ASTERISK OPERATOR
  _: "\u02CD", // ˍ MODIFIER LETTER LOW MACRON
  "~": "\u223C", // ∼ TILDE OPERATOR
  "`": "\u02CB", // ˋ MODIFIER LETTER GRAVE ACCENT
} as const;

const MARKER_RE = /[*_~`]/g;
const LOOK_ALIKE_RE = /[\u2217\u02CD\u223C\u02CB]/g;
const TO_LOOK_ALIKE: Readonly<Record<string, string>> = LOOK_ALIKES;
const FROM_LOOK_ALIKE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(LOOK_ALIKES).map(([marker, lookAlike]) => [lookAlike, marker]),
);

/** Outside text (task names, buckets, statuses, what a user typed) for running mrkdwn text. */
export function mrkdwnText(text: string): string {
  return escapeMrkdwn(text).replace(MARKER_RE, (m) => TO_LOOK_ALIKE[m] ?? m);
}

/**
 * Outside text as a whole inline code span. Slack shows `*_~` inside code as they are, so they
 * stay (an ID or bucket reads exactly); a backtick would end the span and cannot be escaped in
 * it, so it becomes its look-alike, and line breaks (which end a span too) become spaces.
 */
export function mrkdwnCode(text: string): string {
  const flat = text.replace(/\s+/g, " ").replace(/`/g, LOOK_ALIKES["`"]);
  return `\`${flat.trim() === "" ? " " : escapeMrkdwn(flat)}\``;
}

/** The markers back from their look-alikes: for text a person copied out of a reply. */
export function undoLookAlikes(text: string): string {
  return text.replace(LOOK_ALIKE_RE, (c) => FROM_LOOK_ALIKE[c] ?? c);
}

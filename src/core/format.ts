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
 * Text from outside (task names, buckets, what a user typed) made inert in Slack mrkdwn: Slack
 * reads `<!channel>`, `<@U…>` and `<url|label>` as pings and links, and asks apps to escape
 * exactly `&`, `<` and `>` (api.slack.com/reference/surfaces/formatting#escaping).
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * How CDN export tasks read in replies and notices. Everything from CDN (names, statuses, links)
 * is made mrkdwn-safe here, once, so neither the `exports` reply nor the watcher's notice can
 * forget it.
 */
import { mrkdwnText } from "../../core/format.ts";
import { formatZoned } from "../../core/zoned-time.ts";
import type { ExportTask } from "../cdn-port.ts";

/** api-notes lists `success` and `fail`; anything else is shown as CDN sent it, icon neutral. */
export function exportStatus(status: string): string {
  if (status === "success") return ":white_check_mark: success";
  if (status === "fail") return ":x: failed";
  return `:hourglass_flowing_sand: ${mrkdwnText(status)}`;
}

/** The name in bold, or the bot's own words when CDN gave none. */
export function exportName(t: ExportTask): string {
  return t.name === "" ? "_(no name)_" : `*${mrkdwnText(t.name)}*`;
}

/**
 * `<url|download>`. Inside Slack's `<…>` only `&`, `<`, `>` need entities and `|` would end the
 * URL (api.slack.com/reference/surfaces/formatting#linking-urls); re-serialising through URL
 * percent-encodes spaces and angle brackets, `|` is encoded by hand. Undefined when the link is
 * not an http(s) URL: a link that cannot be clicked safely is not shown as one.
 */
export function downloadLink(url: string | undefined, label = "download"): string | undefined {
  if (!url) return undefined;
  let href: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
    href = parsed.href;
  } catch {
    return undefined;
  }
  const safe = href
    .replace(/\|/g, "%7C")
    .replace(/&/g, "&amp;")
    .replace(/</g, "%3C")
    .replace(/>/g, "%3E");
  return `<${safe}|${label}>`;
}

/** One line of the `exports` reply: status, times in the asker's zone, the link on success. */
export function exportLine(t: ExportTask, tz: string): string {
  const link = t.status === "success" ? downloadLink(t.downloadLink) : undefined;
  const tail = t.status === "success" ? ` · ${link ?? "_no download link yet_"}` : "";
  return `• ${exportName(t)} — ${exportStatus(t.status)} · created ${formatZoned(t.createdAt, tz)} · updated ${formatZoned(t.updatedAt, tz)}${tail}`;
}

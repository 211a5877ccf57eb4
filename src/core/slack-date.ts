/**
 * Times in what the bot posts on its own (alerts, digests) are read by a whole channel, people in
 * many zones: Slack's date token shows each reader their own zone
 * (api.slack.com/reference/surfaces/formatting#date-formatting). The fallback, for clients that
 * cannot, is the wall clock in the zone given, with the zone named.
 */
import { formatZoned } from "./zoned-time.ts";

/** `<!date^1795340700^{date_short_pretty} {time}|2026-11-22 14:05 Europe/Berlin>` */
export function slackDate(ms: number, tz: string): string {
  const unix = Math.floor(ms / 1000);
  return `<!date^${unix}^{date_short_pretty} {time}|${formatZoned(ms, tz)} ${tz}>`;
}

/** Just the time of day (`{time}`), for a moment the surrounding text already dates. */
export function slackTime(ms: number, tz: string): string {
  const unix = Math.floor(ms / 1000);
  return `<!date^${unix}^{time}|${formatZoned(ms, tz, "time")} ${tz}>`;
}

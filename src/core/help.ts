/**
 * Help text, and the usage lines and examples the parser's errors quote: one source of truth,
 * so an error never shows an example that help contradicts.
 */
import { escapeMrkdwn } from "./format.ts";
import { quote } from "./parse-errors.ts";

export const USAGE = {
  help: "help [stats|alert|digest|ranges|tasks|list|exports]",
  list: "list [synchronizing|stopped]",
  task: "task <task>",
  stats: "stats <task> [<range>] [types <type,...>] [csv]",
  range:
    "last <n>m|h|d|w · today · yesterday · since <HH:MM> · from <YYYY-MM-DD HH:MM> to <YYYY-MM-DD HH:MM>",
  types: "types request,success,failure,skip,size",
  alertAdd: "alert add <task|all> <condition> [in #channel] [repeat <duration>]",
  alertCondition:
    "failures > N [in <window>] · failure-rate > P% [in <window>] · stopped · stalled <duration> · failed",
  alertExports: "alert add exports [in #channel]",
  alertList: "alert list",
  alertRemove: "alert remove <id>",
  alertMute: "alert mute <task|id> <duration>",
  alertUnmute: "alert unmute <task|id>",
  alertAck: "alert ack <incident id>",
  digestAdd: "digest add [#channel] at HH:MM [<IANA timezone>] [tasks <task,...>|all]",
  digestList: "digest list",
  digestRemove: "digest remove <id>",
  digestRun: "digest run <id>",
  exports: "exports [<task name>]",
} as const;

export const EXAMPLE = {
  help: "help stats",
  list: "list",
  listStopped: "list stopped",
  task: "task nightly-backup",
  stats: "stats nightly-backup last 6h",
  statsQuoted: 'stats "nightly backup" today',
  statsTypes: "stats nightly-backup today types request,failure",
  statsCsv: "stats nightly-backup yesterday csv",
  last: "stats nightly-backup last 30m",
  longest: "stats nightly-backup last 90d",
  since: "stats nightly-backup since 09:00",
  between: "stats nightly-backup from 2026-11-20 08:00 to 2026-11-20 18:00",
  alertAdd: "alert add nightly-backup failures > 10 in 15m",
  alertRate: "alert add all failure-rate > 5% in 30m in #ops repeat 1h",
  alertStopped: "alert add nightly-backup stopped",
  alertStalled: "alert add nightly-backup stalled 2h",
  alertAdsFailed: "alert add imagenet-train-sync failed in #ops",
  alertAdsStalled: "alert add imagenet-train-sync stalled 1h",
  alertExports: "alert add exports in #ops",
  alertList: "alert list",
  alertRemove: "alert remove a1b2c3",
  alertMute: "alert mute nightly-backup 1h",
  alertUnmute: "alert unmute nightly-backup",
  alertAck: "alert ack i7f3k2",
  digestAdd: "digest add #migrations at 09:00 Europe/Berlin tasks nightly-backup,logs",
  digestList: "digest list",
  digestRemove: "digest remove d1e2f3",
  digestRun: "digest run d1e2f3",
  exports: "exports",
} as const;

export type ExampleKey = keyof typeof EXAMPLE;

/** Usage lines hold `<task>` and `>`: as raw mrkdwn Slack would read `<…>` as a link. */
export const code = (s: string) => `\`${escapeMrkdwn(s)}\``;

/** "Try `a` or `b`." */
export function tryExamples(...keys: ExampleKey[]): string {
  const shown = keys.map((k) => code(EXAMPLE[k]));
  return `Try ${shown.join(" or ")}.`;
}

const GENERAL = [
  "*omsbot* — OMS sync tasks from chat. Commands:",
  `• ${code("list")} — the sync tasks (${code(USAGE.list)})`,
  `• ${code(USAGE.task)} — one task's details`,
  `• ${code(USAGE.stats)} — a chart and totals, e.g. ${code(EXAMPLE.stats)}`,
  `• ${code(USAGE.alertAdd)} · ${code("alert list|remove|mute|unmute")}`,
  `• ${code(USAGE.digestAdd)} · ${code("digest list|remove|run")}`,
  `• ${code(USAGE.exports)} — CDN statistics export tasks`,
  `${code("<task>")} is an ID, a unique ID prefix of 6+ characters, or a name (${code("nightly-backup")}, ${code("src-bucket→dst-bucket")}); quote names with spaces.`,
  `More: ${code("help stats")}, ${code("help ranges")}, ${code("help alert")}, ${code("help digest")}, ${code("help tasks")}.`,
].join("\n");

const STATS = [
  `*stats* — ${code(USAGE.stats)}`,
  `${code("<range>")}: ${code(USAGE.range)}. Default: ${code("last 6h")}. Times are in your timezone.`,
  `types: request, success, failure, skip, size (bytes); default all five. ${code("csv")} attaches the numbers as a file.`,
  "Examples:",
  ...(["stats", "statsQuoted", "statsTypes", "statsCsv", "since", "between"] as const).map(
    (k) => `• ${code(EXAMPLE[k])}`,
  ),
].join("\n");

const RANGES = [
  "*Time ranges* (in your timezone; the API serves only the last 90 days):",
  `• ${code("last 30m")}, ${code("last 6h")}, ${code("last 2d")}, ${code("last 1w")} — 5m up to 90d (the API counts in 5-minute intervals); ${code("last 6 hours")} works too`,
  `• ${code("today")} — since local midnight · ${code("yesterday")} — the whole of yesterday (23 or 25 hours on DST days)`,
  `• ${code("since 09:00")} — today from 09:00 (a time still ahead is refused: use a date, ${code("since 2026-11-21 18:00")})`,
  `• ${code("from 2026-11-20 08:00 to 2026-11-20 18:00")} — a date alone means 00:00; a time alone means today; an end in the future is cut to now`,
].join("\n");

const TASKS = [
  "*Naming a task* (case-insensitive):",
  `• its ID, or a unique prefix of 6+ characters: ${code("task 2f1c9a")}`,
  `• its name (description): ${code("task nightly-backup")}, ${code('stats "nightly backup" today')}`,
  `• its buckets: ${code("task src-bucket→dst-bucket")} or ${code("task src-bucket->dst-bucket")}`,
].join("\n");

const ALERT = [
  `*alert* — ${code(USAGE.alertAdd)}`,
  `${code("<condition>")}: ${code(USAGE.alertCondition)}`,
  `The window defaults to 15m (5m to 24h). No channel means this channel. ${code("repeat")} is how often a still-firing alert posts an update.`,
  `Also: ${code(USAGE.alertList)} · ${code(USAGE.alertRemove)} · ${code(USAGE.alertMute)} · ${code(USAGE.alertUnmute)} · ${code(USAGE.alertAck)}`,
  `CDN exports: ${code(USAGE.alertExports)} posts once when a CDN statistics export task finishes (its download link, or that it failed).`,
  `SenseCore ADS tasks: ${code("failed")} (the task is FAILED, with its error) and ${code("stalled <duration>")} (DOING without progress that long); ${code("alert add all failed")} covers every ADS task. ${code("failures")}, ${code("failure-rate")} and ${code("stopped")} are for OMS tasks only.`,
  "Examples:",
  ...(
    [
      "alertAdd",
      "alertRate",
      "alertStopped",
      "alertStalled",
      "alertAdsFailed",
      "alertAdsStalled",
      "alertMute",
    ] as const
  ).map((k) => `• ${code(EXAMPLE[k])}`),
].join("\n");

const DIGEST = [
  `*digest* — ${code(USAGE.digestAdd)}`,
  "Posts one message with one chart every day at that time. The timezone defaults to yours; no channel means this channel; no tasks means all.",
  `Also: ${code(USAGE.digestList)} · ${code(USAGE.digestRemove)} · ${code(USAGE.digestRun)} (post it now)`,
  `Example: ${code(EXAMPLE.digestAdd)}`,
].join("\n");

const LIST = `*list* — ${code(USAGE.list)}: the sync tasks, optionally only those synchronizing or stopped. Example: ${code(EXAMPLE.listStopped)}`;
const TASK = `*task* — ${code(USAGE.task)}: one task's settings and this month's counters. Example: ${code(EXAMPLE.task)}\n${TASKS}`;
const EXPORTS = [
  `*exports* — ${code(USAGE.exports)}: CDN statistics export tasks, newest first, with their download links; optionally only those with that name. Example: ${code(EXAMPLE.exports)}`,
  `${code(USAGE.alertExports)} — one message when an export task finishes. Example: ${code(EXAMPLE.alertExports)}`,
].join("\n");

const TOPICS: Record<string, string> = {
  stats: STATS,
  stat: STATS,
  range: RANGES,
  ranges: RANGES,
  time: RANGES,
  times: RANGES,
  types: STATS,
  alert: ALERT,
  alerts: ALERT,
  digest: DIGEST,
  digests: DIGEST,
  list: LIST,
  task: TASK,
  tasks: TASKS,
  exports: EXPORTS,
  export: EXPORTS,
  help: GENERAL,
};

/** Help for a topic (`stats`, `alert add`, ...); an unknown topic gets the general help and a note. */
export function helpText(topic?: string): string {
  const t = (topic ?? "").trim().toLowerCase();
  if (t.length === 0) return GENERAL;
  const first = t.split(/\s+/)[0] ?? "";
  const found = TOPICS[t] ?? TOPICS[first];
  if (found) return found;
  return `There is no help topic ${quote(t, 40)}.\n${GENERAL}`;
}

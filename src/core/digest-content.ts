/**
 * The daily digest: one message (totals, a line per task) and the data for one chart with a row
 * per task. Pure: the statistics of the last 48 h come in, one message goes out.
 */
import type { DigestSpec, Incident } from "./alert-model.ts";
import type { AlertMessage } from "./alert-text.ts";
import { adsDigestSection, type DigestAds } from "./digest-ads.ts";
import type { DigestChartInput, DigestChartRow } from "./digest-chart-input.ts";
import { digestStatsRange } from "./digest-schedule.ts";
import {
  addTotals,
  changeText,
  digestTasks,
  type Totals,
  totalsIn,
  ZERO,
} from "./digest-totals.ts";
import type { DataType, StatPoint, SyncTask, TaskStatistics, TimeRange } from "./domain.ts";
import { UNIT_MS } from "./duration.ts";
import { formatBytes, formatCount, formatPercent, mrkdwnCode, mrkdwnText } from "./format.ts";
import type { ReplyBlock } from "./reply.ts";
import { slackDate, slackTime } from "./slack-date.ts";
import { successRate } from "./stats-summary.ts";
import { taskDisplayName } from "./task-ref.ts";
import { formatZoned, pad2 } from "./zoned-time.ts";

/** Up to this many tasks, every one is listed and drawn. */
export const DIGEST_MAX_LISTED = 50;
/** Above it, only this many: those with the most failures. */
export const DIGEST_TOP = 20;
/** Slack's section text limit is 3,000 characters; task lines are packed below it. */
const SECTION_CHARS = 2_900;

export type DigestStats = TaskStatistics | "unavailable";

export interface DigestInput {
  spec: DigestSpec;
  /** The task list; the spec picks its tasks from it. */
  tasks: readonly SyncTask[];
  /** Per task ID: statistics over digestStatsRange(now), or "unavailable" (absent: the same). */
  stats: ReadonlyMap<string, DigestStats>;
  openIncidents: readonly Incident[];
  now: number;
  /** From digestSlot; without it (`digest run`) the date is today's and it is never late. */
  slot?: { dateKey: string; scheduledAt: number; late: boolean };
  /** SenseCore ADS's tasks (digest-ads.ts); absent when ADS is not configured. */
  ads?: DigestAds;
}

export interface TaskDigest {
  task: SyncTask;
  name: string;
  /** Undefined: statistics unavailable. */
  current?: Totals;
  previous?: Totals;
  openIncidents: number;
  series?: Partial<Record<DataType, StatPoint[]>>;
}

export interface DigestContent {
  message: AlertMessage;
  /** Undefined when the digest has no task to draw. */
  chart: DigestChartInput | undefined;
  /** Task IDs the spec names that are not in the task list any more. */
  missingTaskIds: string[];
}

/** Worst first: most failures, unavailable last, then by name so the order is stable. */
function byFailures(a: TaskDigest, b: TaskDigest): number {
  const fa = a.current?.failed ?? -1;
  const fb = b.current?.failed ?? -1;
  return fb - fa || a.name.localeCompare(b.name) || a.task.id.localeCompare(b.task.id);
}

export function buildDigest(input: DigestInput): DigestContent {
  const tz = input.spec.tz;
  const { end } = digestStatsRange(input.now);
  const current: TimeRange = { start: end - UNIT_MS.d, end };
  const previous: TimeRange = { start: end - 2 * UNIT_MS.d, end: end - UNIT_MS.d };
  const { tasks, missingIds: notInOms } = digestTasks(input.spec, input.tasks);
  const ads = input.ads ? adsDigestSection(input.spec, input.ads, pack) : undefined;
  // An ID OMS does not list may be an ADS task's: missing only if ADS answered without it too
  // (when ADS did not answer, nobody can tell, and the section says ADS was unavailable).
  const adsIds = new Set(
    input.ads && input.ads !== "unavailable" ? input.ads.tasks.map((t) => t.id) : [],
  );
  const missingIds = input.ads === "unavailable" ? [] : notInOms.filter((id) => !adsIds.has(id));
  const rows: TaskDigest[] = tasks.map((task) => {
    const s = input.stats.get(task.id);
    const openIncidents = input.openIncidents.filter(
      (i) => i.taskId === task.id && i.state !== "resolved",
    ).length;
    const name = taskDisplayName(task);
    if (s === undefined || s === "unavailable") return { task, name, openIncidents };
    return {
      task,
      name,
      current: totalsIn(s, current),
      previous: totalsIn(s, previous),
      openIncidents,
      series: sliceSeries(s, current),
    };
  });
  rows.sort(byFailures);
  const shown = rows.length > DIGEST_MAX_LISTED ? rows.slice(0, DIGEST_TOP) : rows;
  const more = rows.length - shown.length;
  const dateKey = input.slot?.dateKey ?? formatZoned(input.now, tz, "date");
  const adsBlocks = ads?.blocks ?? [];
  const blocks = digestBlocks({ rows, shown, more, missingIds, input, dateKey, end, adsBlocks });
  const cur = rows.reduce((a, r) => (r.current ? addTotals(a, r.current) : a), ZERO);
  const incidents = rows.reduce((a, r) => a + r.openIncidents, 0);
  const adsText = ads?.summary ? ` · ${ads.summary}` : "";
  const text = `OMS daily digest ${dateKey}: ${rows.length} task${rows.length === 1 ? "" : "s"} · ${formatCount(cur.failed)} failed in 24 h · ${incidents} open incident${incidents === 1 ? "" : "s"}${adsText}`;
  const granularity =
    rows.map((r) => input.stats.get(r.task.id)).find((s) => s !== undefined && s !== "unavailable")
      ?.granularity ?? "FIVE_MINUTES";
  const chart: DigestChartInput | undefined =
    rows.length === 0
      ? undefined
      : {
          title: `OMS daily digest · ${dateKey}`,
          subtitle: `last 24 h to ${formatZoned(end, tz)} (${tz})${more > 0 ? ` · ${shown.length} of ${rows.length} tasks` : ""}`,
          tz,
          range: current,
          granularity,
          rows: shown.map(chartRow),
          more,
        };
  return { message: { text, blocks }, chart, missingTaskIds: missingIds };
}

function sliceSeries(s: TaskStatistics, range: TimeRange): TaskDigest["series"] {
  const out: TaskDigest["series"] = {};
  for (const [type, points] of Object.entries(s.series) as [DataType, typeof s.series.REQUEST][]) {
    out[type] = (points ?? []).filter((p) => p.t >= range.start && p.t < range.end);
  }
  return out;
}

function chartRow(r: TaskDigest): DigestChartRow {
  return {
    taskId: r.task.id,
    name: r.name,
    status: r.task.status,
    unavailable: r.current === undefined,
    series: r.series ?? {},
    failed: r.current?.failed,
  };
}

const counted = (label: string, cur: number, prev: number) =>
  `${label} ${formatCount(cur)} (${changeText(cur, prev)})`;

/** One task's line: status, the five numbers with their change, success rate, incidents. */
export function taskLine(r: TaskDigest): string {
  const head = `• *${mrkdwnText(r.name)}* · ${mrkdwnText(r.task.status)}`;
  const incidents =
    r.openIncidents > 0
      ? ` · :rotating_light: ${r.openIncidents} open incident${r.openIncidents === 1 ? "" : "s"}`
      : "";
  const c = r.current;
  const p = r.previous ?? ZERO;
  if (!c) return `${head} · _statistics unavailable_${incidents}`;
  return [
    head,
    counted("requested", c.requested, p.requested),
    counted("succeeded", c.succeeded, p.succeeded),
    counted("failed", c.failed, p.failed),
    counted("skipped", c.skipped, p.skipped),
    `${formatBytes(c.bytes)} (${changeText(c.bytes, p.bytes)})`,
    `${formatPercent(successRate(c.succeeded, c.failed))} success`,
  ]
    .join(" · ")
    .concat(incidents);
}

interface BlocksArgs {
  rows: TaskDigest[];
  shown: TaskDigest[];
  more: number;
  missingIds: string[];
  input: DigestInput;
  dateKey: string;
  end: number;
  /** The SenseCore ADS section (digest-ads.ts), after the OMS tasks. */
  adsBlocks: ReplyBlock[];
}

function digestBlocks(a: BlocksArgs): ReplyBlock[] {
  const { input, rows } = a;
  const tz = input.spec.tz;
  const blocks: ReplyBlock[] = [];
  const n = rows.length;
  blocks.push({
    kind: "section",
    text: `:bar_chart: *OMS daily digest* · ${a.dateKey} · ${n} task${n === 1 ? "" : "s"}\nThe last 24 h to ${slackDate(a.end, tz)}, against the 24 h before.`,
  });
  if (input.slot?.late) {
    const at = `${pad2(input.spec.hour)}:${pad2(input.spec.minute)}`;
    blocks.push({
      kind: "context",
      text: `:hourglass: Late: due at ${at} ${tz} (${slackTime(input.slot.scheduledAt, tz)}), posted at ${slackTime(input.now, tz)}; the bot was not running at the time.`,
    });
  }
  const withData = rows.filter((r) => r.current);
  const cur = withData.reduce((acc, r) => addTotals(acc, r.current ?? ZERO), ZERO);
  const prev = withData.reduce((acc, r) => addTotals(acc, r.previous ?? ZERO), ZERO);
  const incidents = rows.reduce((acc, r) => acc + r.openIncidents, 0);
  if (n > 0) {
    blocks.push({
      kind: "fields",
      fields: [
        {
          label: "Requested",
          value: `${formatCount(cur.requested)} (${changeText(cur.requested, prev.requested)})`,
        },
        {
          label: "Succeeded",
          value: `${formatCount(cur.succeeded)} (${changeText(cur.succeeded, prev.succeeded)})`,
        },
        {
          label: "Failed",
          value: `${formatCount(cur.failed)} (${changeText(cur.failed, prev.failed)})`,
        },
        {
          label: "Skipped",
          value: `${formatCount(cur.skipped)} (${changeText(cur.skipped, prev.skipped)})`,
        },
        {
          label: "Transferred",
          value: `${formatBytes(cur.bytes)} (${changeText(cur.bytes, prev.bytes)})`,
        },
        {
          label: "Success rate",
          value: `${formatPercent(successRate(cur.succeeded, cur.failed))} (was ${formatPercent(successRate(prev.succeeded, prev.failed))})`,
        },
        { label: "Open incidents", value: formatCount(incidents) },
      ],
    });
  }
  const unavailable = rows.length - withData.length;
  if (unavailable > 0) {
    blocks.push({
      kind: "context",
      text: `:warning: Statistics unavailable for ${unavailable} task${unavailable === 1 ? "" : "s"}: the totals leave ${unavailable === 1 ? "it" : "them"} out.`,
    });
  }
  for (const text of pack(a.shown.map(taskLine))) blocks.push({ kind: "section", text });
  if (a.more > 0) {
    blocks.push({
      kind: "context",
      text: `…and ${a.more} more tasks (the ${a.shown.length} above have the most failures; the totals count all ${n}).`,
    });
  }
  blocks.push(...a.adsBlocks);
  if (n === 0 && a.adsBlocks.length === 0) {
    blocks.push({ kind: "section", text: "No tasks to report on." });
  }
  if (a.missingIds.length > 0) {
    blocks.push({
      kind: "context",
      text: `Not found any more: ${a.missingIds.map(mrkdwnCode).join(", ")}. \`digest remove ${input.spec.id}\` and add it again to change its tasks.`,
    });
  }
  return blocks;
}

/** Lines joined into texts of at most SECTION_CHARS, a line never split. */
export function pack(lines: readonly string[]): string[] {
  const out: string[] = [];
  let cur = "";
  for (const line of lines) {
    if (cur !== "" && cur.length + 1 + line.length > SECTION_CHARS) {
      out.push(cur);
      cur = "";
    }
    cur = cur === "" ? line : `${cur}\n${line}`;
  }
  if (cur !== "") out.push(cur);
  return out;
}

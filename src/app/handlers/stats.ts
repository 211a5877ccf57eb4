import type { StatsChartInput } from "../../core/chart-input.ts";
import type { Command } from "../../core/command.ts";
import { statisticsCsv } from "../../core/csv.ts";
import type { SyncTask } from "../../core/domain.ts";
import { DATA_TYPES, GRANULARITY_MS } from "../../core/domain.ts";
import { mrkdwnText } from "../../core/format.ts";
import { rangeSpecText } from "../../core/parse-range.ts";
import type { Reply, ReplyFile } from "../../core/reply.ts";
import { summarize } from "../../core/stats-summary.ts";
import { taskDisplayName } from "../../core/task-ref.ts";
import type { ResolvedRange } from "../../core/time-range.ts";
import { describeRange, resolveRange } from "../../core/time-range.ts";
import { formatZoned } from "../../core/zoned-time.ts";
import { isOmsbotError } from "../../errors.ts";
import type { RequestContext } from "../context.ts";
import type { AppDeps, Handler } from "../deps.ts";
import { ADS_UNAVAILABLE_NOTE } from "../task-directory.ts";
import { taskName } from "../task-text.ts";
import { adsStatsReply } from "./ads-stats.ts";
import { statsFields, statsHeadline } from "./stats-text.ts";

const FIVE_MINUTES = GRANULARITY_MS.FIVE_MINUTES;

export const statsHandler: Handler<"stats"> = async (cmd, ctx, deps) => {
  // Examples in a refusal name the user's own task, so they can be run as they stand.
  const asked = resolveRange(cmd.range, ctx.now, ctx.tz, {
    command: `stats ${/\s/.test(cmd.task) ? `"${cmd.task}"` : cmd.task}`,
  });
  // The API counts whole 5-minute intervals stamped with their start (seeds 000/001): the
  // interval holding the asked start is counted whole, so the range shown starts there too,
  // and totals, averages and the chart all cover the same span.
  const range = { ...asked, start: asked.start - (asked.start % FIVE_MINUTES) };
  // After the range: a bad range is refused before any API is asked (ADS ranges resolve alike).
  const found = await deps.tasks.resolveAny(cmd.task, deps.ads, { command: "stats" });
  const adsNote = found.adsError ? [`${ADS_UNAVAILABLE_NOTE}.`] : [];
  if (found.service === "ads") return adsStatsReply(found.task, cmd, ctx, deps, adsNote);
  const task = found.task;
  const compute = () => omsStatsReply(task, cmd, ctx, deps, range, adsNote);
  // The same question within a minute gets the same answer: no OMS call, no render (issue 11).
  if (!deps.statsCache) return compute();
  const key = {
    taskId: task.id,
    start: range.start,
    end: range.end,
    types: cmd.types,
    tz: ctx.tz,
    variant: cmd.csv ? "csv" : "png",
  };
  return deps.statsCache.get(key, compute);
};

async function omsStatsReply(
  task: SyncTask,
  cmd: Extract<Command, { name: "stats" }>,
  ctx: RequestContext,
  deps: AppDeps,
  range: ResolvedRange,
  adsNote: string[],
): Promise<Reply> {
  const stats = await deps.oms.getStatistics(task.id, cmd.types, range.start, range.end);
  const s = summarize(stats);
  const rawName = taskDisplayName(task);
  const name = taskName(task);
  const rangeText = describeRange(cmd.range, range, ctx.tz);
  const slug = rawName.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60) || task.id.slice(0, 8);
  const stamp = formatZoned(range.end, ctx.tz, "datetime").replace(" ", "_").replace(":", "");

  const files: ReplyFile[] = [];
  const notes = [...range.notes, ...adsNote];
  // The chart and the file title are pictures and plain text: the raw name is safe there.
  const chartInput: StatsChartInput = {
    title: rawName,
    subtitle: rangeText,
    tz: ctx.tz,
    range: { start: range.start, end: range.end },
    granularity: stats.granularity,
    series: stats.series,
  };
  try {
    files.push({
      filename: `${slug}_${stamp}.png`,
      title: `${rawName} · ${rangeSpecText(cmd.range)}`,
      mimeType: "image/png",
      data: await deps.charts.renderStats(chartInput),
    });
  } catch (e) {
    // The numbers are still worth sending; the chart's failure is said, not hidden.
    deps.logger.error({ err: e, task: task.id }, "chart rendering failed");
    notes.push(
      `The chart could not be drawn${isOmsbotError(e) ? ` (${e.code})` : ""}; the totals above are complete.`,
    );
  }
  if (cmd.csv) {
    files.push({
      filename: `${slug}_${stamp}.csv`,
      title: `${rawName} · ${rangeSpecText(cmd.range)} (CSV)`,
      mimeType: "text/csv",
      // With the UTC offset, so the repeated hour of a DST fall-back stays two distinct rows.
      data: new TextEncoder().encode(statisticsCsv(stats, (ms) => formatZoned(ms, ctx.tz, "iso"))),
    });
  }

  // The range text names the user's timezone, outside text too (`America/Port_of_Spain`).
  const headline = statsHeadline(name, mrkdwnText(rangeText), s, cmd.types);
  const fields = statsFields({
    s,
    types: cmd.types,
    granularity: stats.granularity,
    tz: ctx.tz,
    spanMs: range.end - range.start,
  });
  const typesText =
    cmd.types.length === DATA_TYPES.length
      ? ""
      : ` types ${cmd.types.map((t) => t.toLowerCase()).join(",")}`;
  const refresh = `stats ${task.id} ${rangeSpecText(cmd.range)}${typesText}${cmd.csv ? " csv" : ""}`;
  const stopped = task.status === "STOPPED" ? ":red_circle: task stopped · " : "";
  const interval = stats.granularity === "ONE_HOUR" ? "hourly" : "5-minute";
  return {
    visibility: "channel",
    text: headline,
    blocks: [
      { kind: "section", text: headline },
      ...(s.points === 0 ? [] : [{ kind: "fields" as const, fields }]),
      {
        kind: "context",
        text: [`${stopped}${interval} intervals · times in ${mrkdwnText(ctx.tz)}`, ...notes].join(
          " · ",
        ),
      },
      {
        kind: "buttons",
        buttons: [{ label: "Refresh", actionId: "stats.refresh", command: refresh }],
      },
    ],
    files,
  };
}

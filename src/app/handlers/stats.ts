import type { StatsChartInput } from "../../core/chart-input.ts";
import { statisticsCsv } from "../../core/csv.ts";
import { DATA_TYPES, type DataType, GRANULARITY_MS } from "../../core/domain.ts";
import { formatDuration } from "../../core/duration.ts";
import { formatBytes, formatCount, formatPercent, formatRate } from "../../core/format.ts";
import { rangeSpecText } from "../../core/parse-range.ts";
import type { ReplyField, ReplyFile } from "../../core/reply.ts";
import { summarize } from "../../core/stats-summary.ts";
import { taskDisplayName } from "../../core/task-ref.ts";
import { describeRange, resolveRange } from "../../core/time-range.ts";
import { formatZoned } from "../../core/zoned-time.ts";
import { isOmsbotError } from "../../errors.ts";
import type { Handler } from "../deps.ts";

export const statsHandler: Handler<"stats"> = async (cmd, ctx, deps) => {
  const range = resolveRange(cmd.range, ctx.now, ctx.tz);
  const task = await deps.tasks.resolve(cmd.task);
  const stats = await deps.oms.getStatistics(task.id, cmd.types, range.start, range.end);
  const s = summarize(stats);
  const name = taskDisplayName(task);
  const rangeText = describeRange(cmd.range, range, ctx.tz);
  const has = (t: DataType) => cmd.types.includes(t);
  const slug = name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60) || task.id.slice(0, 8);
  const stamp = formatZoned(range.end, ctx.tz, "datetime").replace(/[: ]/g, "");

  const files: ReplyFile[] = [];
  const notes = [...range.notes];
  const chartInput: StatsChartInput = {
    title: name,
    subtitle: rangeText,
    tz: ctx.tz,
    range: { start: range.start, end: range.end },
    granularity: stats.granularity,
    series: stats.series,
  };
  try {
    files.push({
      filename: `${slug}-${stamp}.png`,
      title: `${name} · ${rangeSpecText(cmd.range)}`,
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
      filename: `${slug}-${stamp}.csv`,
      title: `${name} · ${rangeSpecText(cmd.range)} (CSV)`,
      mimeType: "text/csv",
      data: new TextEncoder().encode(statisticsCsv(stats, (ms) => formatZoned(ms, ctx.tz))),
    });
  }

  const fields: ReplyField[] = [];
  if (has("REQUEST")) fields.push({ label: "Requested", value: formatCount(s.requested ?? 0) });
  if (has("SUCCESS")) fields.push({ label: "Succeeded", value: formatCount(s.succeeded ?? 0) });
  if (has("FAILURE")) fields.push({ label: "Failed", value: formatCount(s.failed ?? 0) });
  if (has("SKIP")) fields.push({ label: "Skipped", value: formatCount(s.skipped ?? 0) });
  if (has("SIZE")) fields.push({ label: "Transferred", value: formatBytes(s.bytes ?? 0) });
  if (has("SUCCESS") && has("FAILURE"))
    fields.push({ label: "Success rate", value: formatPercent(s.successRate) });
  if (has("SIZE")) {
    fields.push({ label: "Avg throughput", value: formatRate(s.avgThroughput ?? 0) });
    fields.push({
      label: "Peak throughput",
      value: s.peakThroughput
        ? `${formatRate(s.peakThroughput.bytesPerSecond)} at ${formatZoned(s.peakThroughput.t, ctx.tz, "time")}`
        : "none",
    });
  }
  if (has("FAILURE")) {
    const w = s.worstFailures;
    fields.push({
      label: `Worst ${formatDuration(GRANULARITY_MS[stats.granularity])} for failures`,
      value: w ? `${formatCount(w.count)} at ${formatZoned(w.t, ctx.tz)}` : "no failures",
    });
  }

  const empty = s.points === 0;
  const headline = empty
    ? `*${name}* · ${rangeText}: no data in this range.`
    : `*${name}* · ${rangeText}: ${[
        has("REQUEST") ? `${formatCount(s.requested ?? 0)} requested` : "",
        has("SUCCESS") ? `${formatCount(s.succeeded ?? 0)} succeeded` : "",
        has("FAILURE") ? `${formatCount(s.failed ?? 0)} failed` : "",
        has("SUCCESS") && has("FAILURE") && s.successRate !== undefined
          ? `${formatPercent(s.successRate)} success`
          : "",
        has("SIZE") ? `${formatBytes(s.bytes ?? 0)} transferred` : "",
      ]
        .filter(Boolean)
        .join(", ")}.`;
  const typesText =
    cmd.types.length === DATA_TYPES.length
      ? ""
      : ` types ${cmd.types.map((t) => t.toLowerCase()).join(",")}`;
  const refresh = `stats ${task.id} ${rangeSpecText(cmd.range)}${typesText}${cmd.csv ? " csv" : ""}`;
  return {
    visibility: "channel",
    text: headline,
    blocks: [
      { kind: "section", text: headline },
      ...(empty ? [] : [{ kind: "fields" as const, fields }]),
      {
        kind: "context",
        text: [
          `${task.status === "STOPPED" ? ":red_circle: task stopped · " : ""}${stats.granularity === "ONE_HOUR" ? "hourly" : "5-minute"} intervals · times in ${ctx.tz}`,
          ...notes,
        ].join(" · "),
      },
      {
        kind: "buttons",
        buttons: [{ label: "Refresh", actionId: "stats.refresh", command: refresh }],
      },
    ],
    files,
  };
};

/**
 * `stats <ads task>`: the current progress, a chart of the bot's own samples (ADS keeps no
 * history, seed 004) drawn by the ordinary stats chart, and when it will finish at the current
 * rate. Samples come from app/ads/progress-recorder.ts through the StateStore.
 */
import type { AdsProgressSample, AdsTask } from "../../core/ads-domain.ts";
import {
  adsChartInput,
  estimateFinish,
  type FinishEstimate,
  samplesIn,
} from "../../core/ads-progress.ts";
import { adsDisplayName } from "../../core/ads-task-ref.ts";
import type { Command } from "../../core/command.ts";
import { formatCount, mrkdwnText } from "../../core/format.ts";
import { rangeSpecText } from "../../core/parse-range.ts";
import type { Reply, ReplyFile } from "../../core/reply.ts";
import { describeRange, resolveRange } from "../../core/time-range.ts";
import { formatZoned } from "../../core/zoned-time.ts";
import { isOmsbotError } from "../../errors.ts";
import { adsHistory } from "../ads/progress-recorder.ts";
import type { RequestContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { adsName, adsProgressText, adsStateIcon, adsStateWord } from "./ads-replies.ts";

const pct = (p: number) => `${Math.round(p * 10) / 10}%`;

/** "At the current rate (+3.1%/h) it should finish around …". */
export function finishText(e: FinishEstimate, tz: string, sampleCount: number): string {
  switch (e.kind) {
    case "finished":
      return "";
    case "too-few-samples":
      return `The bot has ${sampleCount} progress sample${sampleCount === 1 ? "" : "s"} of this task; a finish estimate needs two (one is taken at every poll).`;
    case "no-progress":
      return `No progress since ${formatZoned(e.sinceT, tz)}, so no finish time can be estimated.`;
    case "eta":
      return `At the current rate (+${e.percentPerHour.toFixed(1)}%/h) it should finish around ${formatZoned(e.at, tz)}.`;
  }
}

function csvOf(samples: readonly AdsProgressSample[], tz: string): Uint8Array {
  const rows = samples.map(
    (s) => `${formatZoned(s.t, tz, "iso")},${s.percent},${s.complete},${s.total}`,
  );
  return new TextEncoder().encode(`${["time,percent,complete,total", ...rows].join("\n")}\n`);
}

export async function adsStatsReply(
  task: AdsTask,
  cmd: Extract<Command, { name: "stats" }>,
  ctx: RequestContext,
  deps: AppDeps,
  notes: string[] = [],
): Promise<Reply> {
  const range = resolveRange(cmd.range, ctx.now, ctx.tz, { command: `stats ${task.id}` });
  const all = await adsHistory(deps.alerting?.store, task.id);
  const shown = samplesIn(all, range);
  const rawName = adsDisplayName(task);
  const rangeText = describeRange(cmd.range, range, ctx.tz);
  const first = shown[0];
  const last = shown.at(-1);
  const moved = first && last ? ` · ${pct(first.percent)} → ${pct(last.percent)}` : "";
  const slug = rawName.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60) || task.id.slice(0, 12);
  const stamp = formatZoned(range.end, ctx.tz, "datetime").replace(" ", "_").replace(":", "");
  const files: ReplyFile[] = [];
  const allNotes = [...range.notes, ...notes];
  if (shown.length >= 2) {
    try {
      const input = adsChartInput({
        title: `${rawName} (SenseCore ADS)`,
        subtitle: `${rangeText}${moved} · files completed`,
        tz: ctx.tz,
        range,
        samples: shown,
      });
      files.push({
        filename: `${slug}_${stamp}.png`,
        title: `${rawName} · ${rangeSpecText(cmd.range)}`,
        mimeType: "image/png",
        data: await deps.charts.renderStats(input),
      });
    } catch (e) {
      deps.logger.error({ err: e, task: task.id }, "chart rendering failed");
      allNotes.push(`The chart could not be drawn${isOmsbotError(e) ? ` (${e.code})` : ""}.`);
    }
  } else {
    allNotes.push(
      "Not enough progress samples in this range for a chart yet: the bot records ADS progress at each poll.",
    );
  }
  if (cmd.csv) {
    files.push({
      filename: `${slug}_${stamp}.csv`,
      title: `${rawName} · ${rangeSpecText(cmd.range)} (CSV)`,
      mimeType: "text/csv",
      data: csvOf(shown, ctx.tz),
    });
  }
  const estimate = finishText(estimateFinish(task, all), ctx.tz, all.length);
  const headline = `${adsStateIcon(task.state)} *${adsName(task)}* (SenseCore ADS task) is ${adsStateWord(task.state)}: ${adsProgressText(task)}.`;
  const gained =
    first && last && last.t > first.t
      ? `In ${mrkdwnText(rangeText)}: ${formatCount(Math.max(0, last.complete - first.complete))} files completed${moved}.`
      : "";
  const body = [headline, gained, estimate].filter((s) => s !== "").join("\n");
  return {
    visibility: "channel",
    text: body,
    blocks: [
      { kind: "section", text: body },
      {
        kind: "context",
        text: [
          `${shown.length} samples taken by the bot · times in ${mrkdwnText(ctx.tz)}`,
          ...allNotes,
        ].join(" · "),
      },
      {
        kind: "buttons",
        buttons: [
          {
            label: "Refresh",
            actionId: "stats.refresh",
            command: `stats ${task.id} ${rangeSpecText(cmd.range)}${cmd.csv ? " csv" : ""}`,
          },
        ],
      },
    ],
    files,
  };
}

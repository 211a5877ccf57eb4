import { isKnownTaskStatus } from "../../core/domain.ts";
import {
  formatBytes,
  formatCount,
  formatPercent,
  mrkdwnCode,
  mrkdwnText,
} from "../../core/format.ts";
import type { ReplyBlock } from "../../core/reply.ts";
import { successRate } from "../../core/stats-summary.ts";
import { taskDisplayName } from "../../core/task-ref.ts";
import { formatZoned } from "../../core/zoned-time.ts";
import type { Handler } from "../deps.ts";
import { ADS_UNAVAILABLE_NOTE } from "../task-directory.ts";
import { omsCode, omsText, statusIcon, taskName, taskRoute } from "../task-text.ts";
import { adsTaskReply } from "./ads-replies.ts";

export const taskHandler: Handler<"task"> = async (cmd, ctx, deps) => {
  const found = await deps.tasks.resolveAny(cmd.task, deps.ads, { command: "task" });
  // A reference could have named an ADS task too: say that ADS could not be asked.
  const adsNote = found.adsError ? [`${ADS_UNAVAILABLE_NOTE}.`] : [];
  if (found.service === "ads") return adsTaskReply(found.task, ctx, adsNote);
  const t = await deps.oms.showSyncTask(found.task.id, { queryTime: ctx.now });
  const service = deps.ads ? "OMS sync task · " : "";
  const m = t.monthly;
  const name = taskName(t);
  const rate = m ? successRate(m.succeeded, m.failed) : undefined;
  const onOff = (b: boolean) => (b ? "on" : "off");
  // The status as OMS sent it: a value the bot does not know is shown, not guessed at.
  const status = mrkdwnText(t.status);
  const state = isKnownTaskStatus(t.status) ? t.status.toLowerCase() : status;
  const text = `${statusIcon(t.status)} *${name}* is ${state}: ${taskRoute(t)}.${
    m
      ? ` This month: ${formatCount(m.succeeded)} succeeded, ${formatCount(m.failed)} failed (${formatPercent(rate)}).`
      : ""
  }`;
  const blocks: ReplyBlock[] = [
    // A header is plain text in Slack, so the raw name is safe there.
    { kind: "header", text: taskDisplayName(t) },
    {
      kind: "section",
      text: `${statusIcon(t.status)} *${status}* · ${service}${mrkdwnCode(t.id)}`,
    },
    {
      kind: "fields",
      fields: [
        {
          label: "Source",
          value: `${omsText(t.srcCloudType, "?")} · ${omsText(t.srcRegion, "?")} · ${omsCode(t.srcBucket, "?")}`,
        },
        {
          label: "Destination",
          value: `${omsText(t.dstRegion, "?")} · ${omsCode(t.dstBucket, "?")}`,
        },
        { label: "Created", value: t.createTime ? formatZoned(t.createTime, ctx.tz) : "unknown" },
        {
          label: "Last start",
          value: t.lastStartTime ? formatZoned(t.lastStartTime, ctx.tz) : "never",
        },
        { label: "Overwrite mode", value: omsCode(t.objectOverwriteMode, "default") },
        { label: "Consistency check", value: omsCode(t.consistencyCheck, "default") },
        { label: "Storage class", value: omsCode(t.dstStoragePolicy, "default") },
        {
          label: "KMS · metadata · restore",
          value: `${onOff(t.enableKms)} · ${onOff(t.enableMetadataMigration)} · ${onOff(t.enableRestore)}`,
        },
      ],
    },
    ...(m
      ? ([
          // OMS counts the month that holds query_time in its own calendar (seed 002), which may
          // not be the asker's: so "this month so far" rather than a month name that could be off by one.
          { kind: "section", text: `*This month so far* (as of ${formatZoned(ctx.now, ctx.tz)})` },
          {
            kind: "fields",
            fields: [
              { label: "Requested", value: formatCount(m.requested) },
              { label: "Succeeded", value: formatCount(m.succeeded) },
              { label: "Failed", value: formatCount(m.failed) },
              { label: "Skipped", value: formatCount(m.skipped) },
              { label: "Transferred", value: formatBytes(m.bytes) },
              { label: "Success rate", value: formatPercent(rate) },
            ],
          },
        ] satisfies ReplyBlock[])
      : []),
    { kind: "context", text: [`Times in ${mrkdwnText(ctx.tz)}.`, ...adsNote].join(" · ") },
    {
      kind: "buttons",
      buttons: [
        {
          label: "Show chart (24h)",
          actionId: "task.chart",
          command: `stats ${t.id} last 24h`,
          style: "primary",
        },
      ],
    },
  ];
  return { visibility: "channel", text, blocks, files: [] };
};

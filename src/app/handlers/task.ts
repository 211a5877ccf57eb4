import { formatBytes, formatCount, formatPercent } from "../../core/format.ts";
import type { ReplyBlock } from "../../core/reply.ts";
import { taskDisplayName } from "../../core/task-ref.ts";
import { formatZoned } from "../../core/zoned-time.ts";
import type { Handler } from "../deps.ts";
import { route, STATUS_ICON } from "./list.ts";

export const taskHandler: Handler<"task"> = async (cmd, ctx, deps) => {
  const ref = await deps.tasks.resolve(cmd.task);
  const t = await deps.oms.showSyncTask(ref.id, { queryTime: ctx.now });
  const m = t.monthly;
  const name = taskDisplayName(t);
  const month = formatZoned(ctx.now, ctx.tz, "date").slice(0, 7);
  const finished = m ? m.succeeded + m.failed : 0;
  const rate = m && finished > 0 ? m.succeeded / finished : undefined;
  const onOff = (b: boolean) => (b ? "on" : "off");
  const text = `${STATUS_ICON[t.status]} *${name}* is ${t.status.toLowerCase()}: ${route(t)}.${
    m
      ? ` This month: ${formatCount(m.succeeded)} succeeded, ${formatCount(m.failed)} failed (${formatPercent(rate)}).`
      : ""
  }`;
  const blocks: ReplyBlock[] = [
    { kind: "header", text: name },
    { kind: "section", text: `${STATUS_ICON[t.status]} *${t.status}* · \`${t.id}\`` },
    {
      kind: "fields",
      fields: [
        {
          label: "Source",
          value: `${t.srcCloudType || "?"} · ${t.srcRegion || "?"} · \`${t.srcBucket || "?"}\``,
        },
        { label: "Destination", value: `${t.dstRegion || "?"} · \`${t.dstBucket || "?"}\`` },
        { label: "Created", value: t.createTime ? formatZoned(t.createTime, ctx.tz) : "unknown" },
        {
          label: "Last start",
          value: t.lastStartTime ? formatZoned(t.lastStartTime, ctx.tz) : "never",
        },
        { label: "Overwrite mode", value: t.objectOverwriteMode ?? "default" },
        { label: "Consistency check", value: t.consistencyCheck ?? "default" },
        { label: "Storage class", value: t.dstStoragePolicy ?? "default" },
        {
          label: "KMS · metadata · restore",
          value: `${onOff(t.enableKms)} · ${onOff(t.enableMetadataMigration)} · ${onOff(t.enableRestore)}`,
        },
      ],
    },
    ...(m
      ? ([
          { kind: "section", text: `*This month* (${month})` },
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
    { kind: "context", text: `Times in ${ctx.tz}.` },
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

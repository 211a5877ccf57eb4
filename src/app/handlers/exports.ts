/**
 * `exports [<task name>]`: the CDN statistics export tasks (seed 003), newest first, with status,
 * creation and update times in the asker's timezone and, on success, the download link. CDN is
 * its own service: when it is off or down the reply says so and says nothing about OMS, whose
 * commands keep working.
 */

import { mrkdwnCode, mrkdwnText, undoLookAlikes } from "../../core/format.ts";
import type { ReplyBlock } from "../../core/reply.ts";
import { closestMatches } from "../../core/text-distance.ts";
import { isOmsbotError, OmsbotError } from "../../errors.ts";
import type { ExportTask } from "../cdn-port.ts";
import type { Handler } from "../deps.ts";
import { exportLine } from "../exports/export-text.ts";

/** Most tasks listed in one reply (Slack: 50 blocks, 3000 characters a section). */
const MAX_SHOWN = 30;
const LINES_PER_SECTION = 10;

export const CDN_NOT_CONFIGURED =
  "CDN export tasks are not set up in this bot. An admin sets `CDN_DOMAIN_ID` (the account ID) and `HUAWEICLOUD_SDK_AK` / `HUAWEICLOUD_SDK_SK` (CDN takes AK/SK only), and `CDN_ENDPOINT` if it is not https://cdn.myhuaweicloud.com.";

/** Newest first by creation; the seed orders by update, which would move old tasks on top. */
const newestFirst = (a: ExportTask, b: ExportTask) =>
  b.createdAt - a.createdAt || b.updatedAt - a.updatedAt || a.id.localeCompare(b.id);

/** A CDN outage or time-out in words that do not suggest the rest of the bot is down. */
function cdnTrouble(e: unknown): unknown {
  if (!isOmsbotError(e)) return e;
  if (e.code !== "API_UNAVAILABLE" && e.code !== "API_TIMEOUT" && e.code !== "API_THROTTLED") {
    return e;
  }
  return new OmsbotError(
    e.code,
    "CDN is not available right now, so the export tasks cannot be listed. Try again in a few minutes; OMS commands (`list`, `stats`) are not affected.",
    { detail: e.detail, cause: e, status: e.status, apiCode: e.apiCode },
  );
}

function notFound(wanted: string, tasks: readonly ExportTask[]): OmsbotError {
  if (tasks.length === 0) {
    return new OmsbotError(
      "TASK_NOT_FOUND",
      `There are no CDN export tasks, so none is named ${mrkdwnCode(wanted)}.`,
    );
  }
  const names = [...new Set(tasks.map((t) => t.name).filter((n) => n !== ""))];
  const close = closestMatches(wanted, names);
  const hint =
    close.length > 0 ? ` Did you mean ${close.map((n) => mrkdwnCode(n)).join(", ")}?` : "";
  return new OmsbotError(
    "TASK_NOT_FOUND",
    `No CDN export task is named ${mrkdwnCode(wanted)}.${hint} \`exports\` lists them all.`,
  );
}

export const exportsHandler: Handler<"exports"> = async (cmd, ctx, deps) => {
  if (!deps.cdn) {
    const text = CDN_NOT_CONFIGURED;
    return { visibility: "ephemeral", text, blocks: [{ kind: "section", text }], files: [] };
  }
  let all: ExportTask[];
  try {
    all = await deps.cdn.listExportTasks();
  } catch (e) {
    throw cdnTrouble(e);
  }
  // A name copied out of a reply carries look-alikes for `*_~`; it means the real characters.
  const wanted = cmd.taskName === undefined ? undefined : undoLookAlikes(cmd.taskName);
  const tasks = (
    wanted === undefined ? all : all.filter((t) => t.name.toLowerCase() === wanted.toLowerCase())
  ).sort(newestFirst);
  if (wanted !== undefined && tasks.length === 0) throw notFound(wanted, all);
  if (tasks.length === 0) {
    const text = "There are no CDN statistics export tasks.";
    return { visibility: "channel", text, blocks: [{ kind: "section", text }], files: [] };
  }
  const title =
    wanted === undefined
      ? `CDN export tasks (${tasks.length})`
      : `CDN export tasks named ${wanted} (${tasks.length})`;
  const blocks: ReplyBlock[] = [{ kind: "header", text: title }];
  const shown = tasks.slice(0, MAX_SHOWN);
  for (let i = 0; i < shown.length; i += LINES_PER_SECTION) {
    const lines = shown.slice(i, i + LINES_PER_SECTION).map((t) => exportLine(t, ctx.tz));
    blocks.push({ kind: "section", text: lines.join("\n") });
  }
  const more =
    tasks.length > shown.length
      ? ` ${tasks.length - shown.length} older ones are not shown; \`exports <name>\` shows one name's.`
      : "";
  blocks.push({
    kind: "context",
    text: `Newest first. Times in ${mrkdwnText(ctx.tz)}.${more.replace("<name>", "&lt;name&gt;")}`,
  });
  const done = tasks.filter((t) => t.status === "success").length;
  return {
    visibility: "channel",
    text: `${tasks.length} CDN export task${tasks.length === 1 ? "" : "s"}, ${done} ready to download.`,
    blocks,
    files: [],
  };
};

import { isKnownTaskStatus, KNOWN_TASK_STATUSES, type SyncTask } from "../../core/domain.ts";
import { mrkdwnCode, mrkdwnText } from "../../core/format.ts";
import type { ReplyBlock } from "../../core/reply.ts";
import { taskDisplayName } from "../../core/task-ref.ts";
import { formatZoned } from "../../core/zoned-time.ts";
import type { AppDeps, Handler } from "../deps.ts";
import { ADS_UNAVAILABLE_NOTE } from "../task-directory.ts";
import { STATUS_WORD, statusIcon, statusWord, taskName, taskRoute } from "../task-text.ts";
import { adsCountsByState, adsListBlocks } from "./ads-replies.ts";

/** "synchronizing" in a sentence; a status the bot does not know stays exactly as OMS sent it. */
function countWord(status: string): string {
  return isKnownTaskStatus(status) ? STATUS_WORD[status].toLowerCase() : statusWord(status);
}

/** The known statuses in their usual order, then any others OMS sent, alphabetically. */
function statusOrder(tasks: readonly SyncTask[]): string[] {
  const known: readonly string[] = KNOWN_TASK_STATUSES;
  const others = [...new Set(tasks.map((t) => t.status))].filter((s) => !known.includes(s)).sort();
  return [...known, ...others];
}

/**
 * The ADS section of `list`, beside OMS's: absent when ADS is not configured or the list is
 * filtered by an OMS status; a note instead when ADS does not answer, so OMS still shows.
 */
async function adsSection(
  deps: AppDeps,
  tz: string,
  filtered: boolean,
): Promise<{ blocks: ReplyBlock[]; text: string }> {
  if (!deps.ads || filtered) return { blocks: [], text: "" };
  try {
    const tasks = await deps.tasks.listAds(deps.ads);
    const counts = tasks.length > 0 ? `: ${adsCountsByState(tasks)}` : "";
    return {
      blocks: [{ kind: "divider" }, ...adsListBlocks(tasks, tz)],
      text: `\n${tasks.length} SenseCore ADS tasks${counts}.`,
    };
  } catch (e) {
    deps.logger.warn({ err: e }, "list: SenseCore ADS tasks unavailable");
    const note = `:warning: ${ADS_UNAVAILABLE_NOTE}: only OMS tasks are shown.`;
    return { blocks: [{ kind: "context", text: note }], text: `\n${note}` };
  }
}

export const listHandler: Handler<"list"> = async (cmd, ctx, deps) => {
  const [all, ads] = await Promise.all([
    deps.tasks.list(),
    adsSection(deps, ctx.tz, cmd.status !== undefined),
  ]);
  const tasks = cmd.status ? all.filter((t) => t.status === cmd.status) : all;
  const filter = cmd.status ? ` ${countWord(cmd.status)}` : "";
  if (tasks.length === 0) {
    const text =
      all.length === 0
        ? "There are no sync tasks in this project."
        : `No${filter} sync tasks (of ${all.length} in all).`;
    return {
      visibility: "channel",
      text: `${text}${ads.text}`,
      blocks: [{ kind: "section", text }, ...ads.blocks],
      files: [],
    };
  }
  const service = deps.ads ? "OMS sync tasks" : "Sync tasks";
  const blocks: ReplyBlock[] = [{ kind: "header", text: `${service} (${tasks.length}${filter})` }];
  const order = statusOrder(tasks);
  for (const status of order) {
    const group = tasks
      .filter((t) => t.status === status)
      .sort((a, b) => taskDisplayName(a).localeCompare(taskDisplayName(b)));
    if (group.length === 0) continue;
    blocks.push({
      kind: "section",
      text: `${statusIcon(status)} *${statusWord(status)}* (${group.length})`,
    });
    const lines = group.map((t) => {
      const started = t.lastStartTime
        ? `last start ${formatZoned(t.lastStartTime, ctx.tz)}`
        : "never started";
      return `• *${taskName(t)}* ${mrkdwnCode(t.id.slice(0, 8))} — ${taskRoute(t)} — ${started}`;
    });
    blocks.push({ kind: "section", text: lines.join("\n") });
  }
  blocks.push(...ads.blocks);
  blocks.push({
    kind: "context",
    text: `Times in ${mrkdwnText(ctx.tz)}. Details: \`task &lt;name or id&gt;\` · chart: \`stats &lt;name or id&gt; last 6h\``,
  });
  const counts = order
    .map((s) => ({ s, n: tasks.filter((t) => t.status === s).length }))
    .filter(({ s, n }) => n > 0 || isKnownTaskStatus(s))
    .map(({ s, n }) => `${n} ${countWord(s)}`)
    .join(", ");
  return {
    visibility: "channel",
    text: `${tasks.length} sync tasks: ${counts}.${ads.text}`,
    blocks,
    files: [],
  };
};

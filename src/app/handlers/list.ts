import type { ReplyBlock } from "../../core/reply.ts";
import { taskDisplayName } from "../../core/task-ref.ts";
import { formatZoned } from "../../core/zoned-time.ts";
import type { Handler } from "../deps.ts";
import { STATUS_ICON, STATUS_WORD, taskName, taskRoute } from "../task-text.ts";

export const listHandler: Handler<"list"> = async (cmd, ctx, deps) => {
  const all = await deps.tasks.list();
  const tasks = cmd.status ? all.filter((t) => t.status === cmd.status) : all;
  const filter = cmd.status ? ` ${STATUS_WORD[cmd.status].toLowerCase()}` : "";
  if (tasks.length === 0) {
    const text =
      all.length === 0
        ? "There are no sync tasks in this project."
        : `No${filter} sync tasks (of ${all.length} in all).`;
    return { visibility: "channel", text, blocks: [{ kind: "section", text }], files: [] };
  }
  const blocks: ReplyBlock[] = [{ kind: "header", text: `Sync tasks (${tasks.length}${filter})` }];
  for (const status of ["SYNCHRONIZING", "STOPPED"] as const) {
    const group = tasks
      .filter((t) => t.status === status)
      .sort((a, b) => taskDisplayName(a).localeCompare(taskDisplayName(b)));
    if (group.length === 0) continue;
    blocks.push({
      kind: "section",
      text: `${STATUS_ICON[status]} *${STATUS_WORD[status]}* (${group.length})`,
    });
    const lines = group.map((t) => {
      const started = t.lastStartTime
        ? `last start ${formatZoned(t.lastStartTime, ctx.tz)}`
        : "never started";
      return `• *${taskName(t)}* \`${t.id.slice(0, 8)}\` — ${taskRoute(t)} — ${started}`;
    });
    blocks.push({ kind: "section", text: lines.join("\n") });
  }
  blocks.push({
    kind: "context",
    text: `Times in ${ctx.tz}. Details: \`task <name or id>\` · chart: \`stats <name or id> last 6h\``,
  });
  const counts = (["SYNCHRONIZING", "STOPPED"] as const)
    .map((s) => `${tasks.filter((t) => t.status === s).length} ${STATUS_WORD[s].toLowerCase()}`)
    .join(", ");
  return {
    visibility: "channel",
    text: `${tasks.length} sync tasks: ${counts}.`,
    blocks,
    files: [],
  };
};

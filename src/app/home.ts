/** The overview Slack shows in App Home (and the shell's `home`): tasks at a glance, then how to use the bot. */

import { formatPercent } from "../core/format.ts";
import { EXAMPLE } from "../core/help.ts";
import type { ReplyBlock } from "../core/reply.ts";
import { taskDisplayName } from "../core/task-ref.ts";
import { mapLimit } from "../util/map-limit.ts";
import type { RequestContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { STATUS_ICON } from "./handlers/list.ts";

/** App Home allows 100 blocks; a task a line keeps well inside that, but the stats calls cost. */
const MAX_TASKS = 25;
const DAY_MS = 86_400_000;

export async function homeBlocks(ctx: RequestContext, deps: AppDeps): Promise<ReplyBlock[]> {
  const blocks: ReplyBlock[] = [{ kind: "header", text: "OMS sync tasks" }];
  try {
    const tasks = (await deps.tasks.list())
      .slice()
      .sort((a, b) => taskDisplayName(a).localeCompare(taskDisplayName(b)));
    const shown = tasks.slice(0, MAX_TASKS);
    const lines = await mapLimit(shown, 4, async (t) => {
      let rate = "n/a";
      try {
        const s = await deps.oms.getStatistics(
          t.id,
          ["SUCCESS", "FAILURE"],
          ctx.now - DAY_MS,
          ctx.now,
        );
        const ok = (s.series.SUCCESS ?? []).reduce((a, p) => a + p.v, 0);
        const bad = (s.series.FAILURE ?? []).reduce((a, p) => a + p.v, 0);
        rate =
          ok + bad > 0 ? `${formatPercent(ok / (ok + bad))} success (24h)` : "no traffic (24h)";
      } catch (e) {
        deps.logger.warn({ err: e, task: t.id }, "home: statistics failed");
      }
      return `${STATUS_ICON[t.status]} *${taskDisplayName(t)}* \`${t.id.slice(0, 8)}\` — ${rate}`;
    });
    blocks.push({
      kind: "section",
      text: lines.length > 0 ? lines.join("\n") : "No sync tasks in this project yet.",
    });
    if (tasks.length > shown.length) {
      blocks.push({
        kind: "context",
        text: `${tasks.length - shown.length} more: \`list\` shows them all.`,
      });
    }
  } catch (e) {
    deps.logger.warn({ err: e }, "home: task list failed");
    blocks.push({
      kind: "section",
      text: ":warning: The task list could not be loaded from OMS right now.",
    });
  }
  blocks.push(
    { kind: "divider" },
    { kind: "header", text: "Alerts and digests" },
    {
      kind: "section",
      text: "Alert rules and daily digests are not switched on in this version yet.",
    },
    { kind: "divider" },
    { kind: "header", text: "How to use" },
    {
      kind: "section",
      text: [
        `Type \`/oms <command>\` in a channel or mention me. Try \`/oms ${EXAMPLE.list}\`, \`/oms ${EXAMPLE.stats}\`, \`/oms help\`.`,
        `Times are shown in your timezone (${ctx.tz}).`,
      ].join("\n"),
    },
  );
  return blocks;
}

/** The overview Slack shows in App Home (and the shell's `home`): tasks at a glance, then how to use the bot. */
import { isKnownTaskStatus } from "../core/domain.ts";
import { formatPercent, mrkdwnCode, mrkdwnText } from "../core/format.ts";
import { EXAMPLE } from "../core/help.ts";
import type { ReplyBlock } from "../core/reply.ts";
import { summarize } from "../core/stats-summary.ts";
import { taskDisplayName } from "../core/task-ref.ts";
import { mapLimit } from "../util/map-limit.ts";
import type { RequestContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { statusIcon, statusWord, taskName } from "./task-text.ts";

/** App Home allows 100 blocks; a task a line keeps well inside that, but each costs a stats call. */
const MAX_TASKS = 25;
const DAY_MS = 86_400_000;
/** Every open of the Home tab would otherwise cost OMS one call per task. */
const RATE_TTL_MS = 120_000;

export class HomeOverview {
  private readonly rates = new Map<string, { at: number; text: string }>();

  constructor(private readonly deps: AppDeps) {}

  private async rateText(taskId: string, now: number): Promise<string> {
    const cached = this.rates.get(taskId);
    if (cached && now - cached.at < RATE_TTL_MS) return cached.text;
    const s = await this.deps.oms.getStatistics(taskId, ["SUCCESS", "FAILURE"], now - DAY_MS, now);
    const rate = summarize(s).successRate;
    const text = rate === undefined ? "no traffic (24h)" : `${formatPercent(rate)} success (24h)`;
    this.rates.set(taskId, { at: now, text });
    return text;
  }

  async blocks(ctx: RequestContext): Promise<ReplyBlock[]> {
    const blocks: ReplyBlock[] = [{ kind: "header", text: "OMS sync tasks" }];
    try {
      const tasks = (await this.deps.tasks.list())
        .slice()
        .sort((a, b) => taskDisplayName(a).localeCompare(taskDisplayName(b)));
      const shown = tasks.slice(0, MAX_TASKS);
      const lines = await mapLimit(shown, 4, async (t) => {
        let rate = "24h rate unavailable";
        try {
          rate = await this.rateText(t.id, ctx.now);
        } catch (e) {
          this.deps.logger.warn({ err: e, task: t.id }, "home: statistics failed");
        }
        // The neutral icon alone would not say which status OMS sent: name it.
        const odd = isKnownTaskStatus(t.status) ? "" : ` (${statusWord(t.status)})`;
        return `${statusIcon(t.status)} *${taskName(t)}*${odd} ${mrkdwnCode(t.id.slice(0, 8))} — ${rate}`;
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
      this.deps.logger.warn({ err: e }, "home: task list failed");
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
          `Times are shown in your timezone (${mrkdwnText(ctx.tz)}).`,
        ].join("\n"),
      },
    );
    return blocks;
  }
}

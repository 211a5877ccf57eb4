/** `alert list`: every rule with its live state (OK, FIRING since …, acknowledged, muted, no data). */
import { ruleService } from "../../core/ads-rules.ts";
import type { AlertRule, Incident, Mute, RuleHealth } from "../../core/alert-model.ts";
import { formatAlertValue } from "../../core/alert-text.ts";
import { mrkdwnCode, mrkdwnText } from "../../core/format.ts";
import type { Reply, ReplyBlock } from "../../core/reply.ts";
import { formatZoned } from "../../core/zoned-time.ts";
import type { RequestContext } from "../context.ts";
import { type Alerting, describeRule } from "./alerting.ts";

/** Slack allows 50 blocks a message; the list keeps room for its header and footer. */
const MAX_RULES_SHOWN = 40;

function state(
  rule: AlertRule,
  open: Incident[],
  mutes: Mute[],
  health: RuleHealth | undefined,
  ctx: RequestContext,
): string {
  const at = (ms: number) => formatZoned(ms, ctx.tz);
  const lines: string[] = [];
  for (const i of open) {
    const acked = i.ackedBy
      ? `, acknowledged by <@${i.ackedBy.userId}> at ${at(i.ackedBy.at)}`
      : "";
    lines.push(
      `:rotating_light: FIRING since ${at(i.since ?? i.openedAt)} on *${mrkdwnText(i.taskName)}* (${formatAlertValue(i.condition, i.value)}, incident ${mrkdwnCode(i.id)})${acked}`,
    );
  }
  for (const m of mutes) {
    const what = m.taskId === "*" ? "every task" : "one task";
    lines.push(`:zzz: muted for ${what} until ${at(m.until)} by <@${m.by}>`);
  }
  if (health && health.failuresInARow > 0) {
    const since = health.lastDataAt !== undefined ? ` since ${at(health.lastDataAt)}` : "";
    lines.push(
      `:warning: no data${since} (${health.failuresInARow} evaluation${health.failuresInARow === 1 ? "" : "s"} without ${ruleService(rule) === "ads" ? "SenseCore ADS data" : "OMS statistics"})`,
    );
  }
  if (lines.length === 0) {
    lines.push(
      health?.lastDataAt !== undefined
        ? `OK (last checked ${at(health.lastDataAt)})`
        : "OK (not evaluated yet)",
    );
  }
  return lines.join("\n");
}

export async function alertListReply(a: Alerting, ctx: RequestContext): Promise<Reply> {
  const rules = (await a.store.list("rules")).sort((x, y) => x.createdAt - y.createdAt);
  if (rules.length === 0) {
    const text = `No alerts yet. Add one: \`alert add nightly-backup failures > 10 in 15m\` (checked ${a.pollDescription}).`;
    return { visibility: "ephemeral", text, blocks: [{ kind: "section", text }], files: [] };
  }
  const incidents = (await a.store.list("incidents")).filter((i) => i.state !== "resolved");
  const mutes = (await a.store.list("mutes")).filter((m) => m.until > ctx.now);
  const health = new Map((await a.store.list("health")).map((h) => [h.ruleId, h]));
  const firing = incidents.length;
  const text = `${rules.length} alert${rules.length === 1 ? "" : "s"}, ${firing} firing.`;
  const blocks: ReplyBlock[] = [{ kind: "header", text: "Alerts" }];
  for (const rule of rules.slice(0, MAX_RULES_SHOWN)) {
    const open = incidents.filter((i) => i.ruleId === rule.id);
    const muted = mutes.filter((m) => m.ruleId === rule.id);
    blocks.push({
      kind: "section",
      text: `${describeRule(rule)}\n${state(rule, open, muted, health.get(rule.id), ctx)}`,
    });
  }
  const hidden = rules.length - MAX_RULES_SHOWN;
  const footer = `${hidden > 0 ? `And ${hidden} more. ` : ""}Times in ${mrkdwnText(ctx.tz)}. Checked ${a.pollDescription}.`;
  blocks.push({ kind: "context", text: footer });
  return { visibility: "ephemeral", text, blocks, files: [] };
}

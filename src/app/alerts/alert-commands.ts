/** `alert add|list|remove|mute|unmute|ack`: rules and incidents, through the store. */
import { conditionMisfit, ruleService } from "../../core/ads-rules.ts";
import { adsDisplayName } from "../../core/ads-task-ref.ts";
import type { AlertRule, Incident, Mute } from "../../core/alert-model.ts";
import { formatDuration } from "../../core/duration.ts";
import { mrkdwnCode, mrkdwnText } from "../../core/format.ts";
import { EXAMPLE } from "../../core/help.ts";
import {
  ack,
  applyMute,
  DEFAULT_REPEAT_MS,
  type Transition,
  unmute,
} from "../../core/incident-machine.ts";
import { textReply } from "../../core/reply.ts";
import { taskDisplayName } from "../../core/task-ref.ts";
import { formatZoned } from "../../core/zoned-time.ts";
import { OmsbotError } from "../../errors.ts";
import type { Handler } from "../deps.ts";
import { alertListReply } from "./alert-list.ts";
import { type Alerting, channelLink, channelOf, describeRule } from "./alerting.ts";

function need(alerting: Alerting | undefined): Alerting {
  if (!alerting) throw new OmsbotError("INTERNAL", "Alerts are not set up in this bot.");
  return alerting;
}

const sameTarget = (a: AlertRule["target"], b: AlertRule["target"]) =>
  a.all === b.all && (a.all || b.all || a.taskId === b.taskId);

export const alertAdd: Handler<"alert.add"> = async (cmd, ctx, deps) => {
  const a = need(deps.alerting);
  const channelId = channelOf(cmd.channel, ctx, EXAMPLE.alertAdd);
  let target: AlertRule["target"] = { all: true };
  if (cmd.target.all) {
    if (cmd.condition.kind === "failed" && !deps.ads) {
      throw new OmsbotError(
        "BAD_COMMAND",
        `\`failed\` watches SenseCore ADS tasks, and this bot has no ADS settings (the \`ADS_*\` variables), so there is nothing for it to watch. For OMS tasks try \`${EXAMPLE.alertAdd}\`.`,
      );
    }
  } else {
    const found = await deps.tasks.resolveAny(cmd.target.task, deps.ads, {
      command: "alert add",
    });
    const taskName =
      found.service === "ads" ? adsDisplayName(found.task) : taskDisplayName(found.task);
    const misfit = conditionMisfit(found.service, cmd.condition, taskName);
    if (misfit) throw new OmsbotError("BAD_COMMAND", misfit);
    // OMS rules are stored as before ADS existed (no `service`): one shape for old and new.
    target = {
      all: false,
      taskId: found.task.id,
      taskName,
      ...(found.service === "ads" ? { service: "ads" as const } : {}),
    };
  }
  const rule: AlertRule = {
    id: a.newId("a"),
    target,
    condition: cmd.condition,
    channelId,
    repeatMs: cmd.repeatMs ?? DEFAULT_REPEAT_MS,
    createdBy: ctx.userId,
    createdAt: ctx.now,
  };
  const dup = (await a.store.list("rules")).find(
    (r) =>
      r.channelId === channelId &&
      sameTarget(r.target, target) &&
      JSON.stringify(r.condition) === JSON.stringify(cmd.condition),
  );
  if (dup) {
    throw new OmsbotError(
      "BAD_COMMAND",
      `Alert ${mrkdwnCode(dup.id)} already does this: ${describeRule(dup)}. Nothing was added. Remove it first (\`alert remove ${dup.id}\`) to change its repeat interval.`,
    );
  }
  const can = await a.outbound.canPost(channelId);
  if (!can.ok) {
    throw new OmsbotError(
      "BAD_COMMAND",
      `I can't post in ${channelLink(channelId)}, so the alert was not added. ${can.reason}`,
    );
  }
  await a.store.put("rules", rule);
  a.rulesChanged();
  return textReply(
    `:white_check_mark: Alert added: ${describeRule(rule)}. Checked ${a.pollDescription}; \`alert list\` shows it, \`alert remove ${rule.id}\` removes it.`,
    "channel",
  );
};

export const alertList: Handler<"alert.list"> = async (_cmd, ctx, deps) =>
  alertListReply(need(deps.alerting), ctx);

export const alertRemove: Handler<"alert.remove"> = async (cmd, ctx, deps) => {
  const a = need(deps.alerting);
  const rule = await a.store.get("rules", cmd.id);
  if (!rule) throw unknownId("alert", cmd.id);
  await a.store.delete("rules", rule.id);
  await a.store.delete("health", rule.id);
  for (const m of await a.store.list("mutes")) {
    if (m.ruleId === rule.id) await a.store.delete("mutes", m.id);
  }
  // Its open incidents end with it: their roots say RESOLVED instead of firing forever.
  for (const i of await openIncidents(a, (i) => i.ruleId === rule.id)) {
    await change(a, i.id, (cur) => ({
      next: { ...cur, state: "resolved", resolvedAt: ctx.now },
      effects: cur.rootTs ? [{ kind: "update-root", incidentId: cur.id }] : [],
    }));
  }
  return textReply(`Alert ${mrkdwnCode(rule.id)} removed: ${describeRule(rule)}.`, "channel");
};

export const alertAck: Handler<"alert.ack"> = async (cmd, ctx, deps) => {
  const a = need(deps.alerting);
  const incident = await a.store.get("incidents", cmd.incident);
  if (!incident) throw unknownId("incident", cmd.incident);
  if (incident.state === "resolved") {
    return textReply(`Incident ${mrkdwnCode(incident.id)} is already resolved.`);
  }
  if (incident.ackedBy) {
    return textReply(
      `Incident ${mrkdwnCode(incident.id)} was already acknowledged by <@${incident.ackedBy.userId}> at ${formatZoned(incident.ackedBy.at, ctx.tz)}.`,
    );
  }
  await change(a, incident.id, (cur) => ack(cur, ctx.userId, ctx.now));
  return textReply(
    `Acknowledged incident ${mrkdwnCode(incident.id)} (*${mrkdwnText(incident.taskName)}*): no more reminders; it still resolves by itself.`,
  );
};

export const alertMute: Handler<"alert.mute"> = async (cmd, ctx, deps) => {
  const a = need(deps.alerting);
  const until = ctx.now + cmd.durationMs;
  const mutes = await mutesFor(a, cmd.target, ctx.userId, until, deps);
  // The Mute button names the incident; its root then says who muted it, so the clicker alone
  // gets the confirmation. A typed mute is news for the channel.
  const fromButton = (await a.store.get("incidents", cmd.target)) !== undefined;
  for (const m of mutes) {
    await a.store.put("mutes", m);
    const covered = await openIncidents(
      a,
      (i) => i.ruleId === m.ruleId && (m.taskId === "*" || i.taskId === m.taskId),
    );
    for (const i of covered) await change(a, i.id, (cur) => applyMute(cur, m));
  }
  return textReply(
    `Muted ${mrkdwnCode(cmd.target)} for ${formatDuration(cmd.durationMs)}, until ${formatZoned(until, ctx.tz)} (${mrkdwnText(ctx.tz)}): no new alerts and no reminders for it until then. \`alert unmute ${cmd.target}\` ends it sooner.`,
    fromButton ? "ephemeral" : "channel",
  );
};

export const alertUnmute: Handler<"alert.unmute"> = async (cmd, ctx, deps) => {
  const a = need(deps.alerting);
  const wanted = await mutesFor(a, cmd.target, ctx.userId, ctx.now, deps);
  const ids = new Set(wanted.map((m) => m.id));
  const existing = (await a.store.list("mutes")).filter((m) => ids.has(m.id) && m.until > ctx.now);
  if (existing.length === 0) {
    return textReply(`${mrkdwnCode(cmd.target)} is not muted. \`alert list\` shows what is.`);
  }
  for (const m of existing) {
    await a.store.delete("mutes", m.id);
    const covered = await openIncidents(
      a,
      (i) => i.ruleId === m.ruleId && (m.taskId === "*" || i.taskId === m.taskId),
    );
    for (const i of covered) await change(a, i.id, (cur) => unmute(cur));
  }
  return textReply(`Unmuted ${mrkdwnCode(cmd.target)}: its alerts fire again.`, "channel");
};

/**
 * What `alert mute <target>` means: an incident ID (the Mute button) → its rule and task; a rule
 * ID → every task of the rule; a task → every rule that covers it.
 */
async function mutesFor(
  a: Alerting,
  target: string,
  by: string,
  until: number,
  deps: Parameters<Handler<"alert.mute">>[2],
): Promise<Mute[]> {
  const mute = (ruleId: string, taskId: string): Mute => ({
    id: `${ruleId}:${taskId}`,
    ruleId,
    taskId,
    until,
    by,
  });
  const incident = await a.store.get("incidents", target);
  if (incident) return [mute(incident.ruleId, incident.taskId)];
  const rules = await a.store.list("rules");
  const rule = rules.find((r) => r.id === target);
  if (rule) return [mute(rule.id, "*")];
  const found = await deps.tasks.resolveAny(target, deps.ads).catch((e: unknown) => {
    throw new OmsbotError(
      "BAD_COMMAND",
      `${mrkdwnCode(target)} is not an alert ID, an incident ID or a task I know (${e instanceof OmsbotError ? e.userMessage : "no match"}). \`alert list\` shows the IDs.`,
    );
  });
  const task = found.task;
  const name = found.service === "ads" ? adsDisplayName(found.task) : taskDisplayName(found.task);
  // An `all` rule covers the tasks of its own service only (ruleService).
  const covering = rules.filter(
    (r) => ruleService(r) === found.service && (r.target.all || r.target.taskId === found.task.id),
  );
  if (covering.length === 0) {
    throw new OmsbotError(
      "BAD_COMMAND",
      `No alert covers *${mrkdwnText(name)}*, so there is nothing to mute. \`alert list\` shows the alerts.`,
    );
  }
  return covering.map((r) => mute(r.id, task.id));
}

async function openIncidents(a: Alerting, keep: (i: Incident) => boolean): Promise<Incident[]> {
  return (await a.store.list("incidents")).filter((i) => i.state !== "resolved" && keep(i));
}

/** An incident change made by a person: stored atomically, then its effects (root update). */
async function change(
  a: Alerting,
  id: string,
  transition: (current: Incident) => Transition,
): Promise<void> {
  let t: Transition = { next: undefined, effects: [] };
  const next = await a.store.update("incidents", id, (cur) => {
    if (!cur) return cur;
    t = transition(cur);
    return t.next ?? cur;
  });
  if (next && t.effects.length > 0) await a.alerts.apply(next, t.effects);
}

function unknownId(kind: "alert" | "incident", id: string): OmsbotError {
  return new OmsbotError(
    "BAD_COMMAND",
    `There is no ${kind} ${mrkdwnCode(id)}. \`alert list\` shows the alerts and their open incidents.`,
  );
}

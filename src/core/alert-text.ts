/**
 * What alerts post: the root (firing, acknowledged, muted, resolved), thread replies, and the
 * no-data notices. Pure content; the app sends it through OutboundChat (an AlertMessage is an
 * OutboundMessage). Outside text (task names, statuses) is escaped; times are Slack date tokens.
 */
import { ruleService } from "./ads-rules.ts";
import { formatPct } from "./alert-evaluate.ts";
import type { AlertRule, Incident } from "./alert-model.ts";
import type { AlertCondition } from "./command.ts";
import { formatDuration } from "./duration.ts";
import { escapeMrkdwn, formatCount, mrkdwnCode, mrkdwnText } from "./format.ts";
import type { IncidentEffect, ThreadReply } from "./incident-machine.ts";
import type { ReplyBlock, ReplyButton } from "./reply.ts";
import type { HealthEffect } from "./rule-health.ts";
import { slackDate } from "./slack-date.ts";

export interface AlertMessage {
  text: string;
  blocks: ReplyBlock[];
  /** Slack message metadata: a restart finds the root by the incident ID in it. */
  metadata?: { eventType: string; payload: Record<string, string> };
}

/** The metadata event type of an incident's root; its payload holds `incident_id`. */
export const INCIDENT_EVENT_TYPE = "omsbot_incident";
export const INCIDENT_METADATA_KEY = "incident_id";

export const ACK_ACTION_ID = "incident.ack";
export const MUTE_ACTION_ID = "incident.mute";

/**
 * The buttons' command texts, which the Slack adapter runs like typed ones. `alert mute <id> 1h`
 * parses today (the target is the incident ID; the handler must accept one). `alert ack` is not
 * in the grammar yet: the handler for `incident.ack` must route it (or the grammar grow it).
 */
export const ackCommand = (incidentId: string) => `alert ack ${incidentId}`;
export const muteCommand = (incidentId: string) => `alert mute ${incidentId} 1h`;

/** `failures > 10 in 15m`, `failure-rate > 5% in 30m`, `stopped`, `stalled 2h`: parses back. */
export function describeCondition(c: AlertCondition): string {
  switch (c.kind) {
    case "failures":
      return `failures > ${c.threshold} in ${formatDuration(c.windowMs)}`;
    case "failure-rate":
      return `failure-rate > ${c.percent}% in ${formatDuration(c.windowMs)}`;
    case "stopped":
      return "stopped";
    case "stalled":
      return `stalled ${formatDuration(c.durationMs)}`;
    case "failed":
      return "failed";
    case "export-finished":
      return "exports";
  }
}

/** An evaluation's value in the condition's unit. */
export function formatAlertValue(c: AlertCondition | undefined, value: number): string {
  switch (c?.kind) {
    case "failure-rate":
      return formatPct(value);
    case "stopped":
      return value > 0 ? "stopped" : "not stopped";
    case "failed":
      return value > 0 ? "FAILED" : "not failed";
    case "stalled":
      return `idle ${formatDuration(value)}`;
    default:
      return formatCount(value);
  }
}

function thresholdText(c: AlertCondition | undefined, threshold: number): string {
  switch (c?.kind) {
    case "stopped":
      return "status STOPPED";
    case "failed":
      return "state FAILED";
    case "stalled":
      return `idle ${formatDuration(threshold)}`;
    case "failure-rate":
      // As the rule was typed: a threshold of 0.25% must not read as "0.3%".
      return `above ${threshold}%`;
    default:
      return `above ${formatAlertValue(c, threshold)}`;
  }
}

const conditionText = (i: Incident) => (i.condition ? describeCondition(i.condition) : "alert");

/** An ADS incident says so: the same task name may exist in OMS too. */
const serviceTag = (i: Incident) => (i.service === "ads" ? " (SenseCore ADS)" : "");

function headline(i: Incident, label: string, icon: string): string {
  return `${icon} *${label}* · *${mrkdwnText(i.taskName)}*${serviceTag(i)} · ${mrkdwnCode(conditionText(i))}`;
}

/** The root as it should read now: the same function posts it and updates it. */
export function rootMessage(incident: Incident, tz: string): AlertMessage {
  const i = incident;
  const resolved = i.state === "resolved";
  const blocks: ReplyBlock[] = [];
  const metadata = { eventType: INCIDENT_EVENT_TYPE, payload: { [INCIDENT_METADATA_KEY]: i.id } };
  if (resolved) {
    const end = i.resolvedAt ?? i.lastBreachAt;
    blocks.push({
      kind: "section",
      text: `${headline(i, "RESOLVED", ":white_check_mark:")}\nLasted ${formatDuration(end - i.openedAt)}, from ${slackDate(i.openedAt, tz)} to ${slackDate(end, tz)}.`,
    });
  } else {
    blocks.push({
      kind: "section",
      text: `${headline(i, "FIRING", ":rotating_light:")}${i.summary ? `\n${i.summary}` : ""}`,
    });
    blocks.push({
      kind: "fields",
      fields: [
        { label: "Value", value: formatAlertValue(i.condition, i.lastToldValue) },
        { label: "Alert when", value: thresholdText(i.condition, i.threshold) },
        { label: "Since", value: slackDate(i.since ?? i.openedAt, tz) },
        { label: "Incident", value: mrkdwnCode(i.id) },
      ],
    });
  }
  const notes: string[] = [];
  if (i.ackedBy) {
    notes.push(`Acknowledged by <@${i.ackedBy.userId}> at ${slackDate(i.ackedBy.at, tz)}.`);
  }
  if (!resolved && i.mutedUntil !== undefined) {
    const by = i.mutedBy ? ` by <@${i.mutedBy}>` : "";
    notes.push(
      `Muted${by} until ${slackDate(i.mutedUntil, tz)}: no reminders, and no new alert for this rule and task until then.`,
    );
  }
  if (notes.length > 0) blocks.push({ kind: "context", text: notes.join(" ") });
  if (!resolved) {
    const buttons: ReplyButton[] = [];
    if (!i.ackedBy) {
      buttons.push({
        label: "Ack",
        actionId: ACK_ACTION_ID,
        command: ackCommand(i.id),
        style: "primary",
      });
    }
    if (i.mutedUntil === undefined) {
      buttons.push({ label: "Mute 1h", actionId: MUTE_ACTION_ID, command: muteCommand(i.id) });
    }
    if (buttons.length > 0) blocks.push({ kind: "buttons", buttons });
  }
  const state = resolved ? "RESOLVED" : "FIRING";
  const value = resolved ? "" : `: ${formatAlertValue(i.condition, i.lastToldValue)}`;
  return {
    text: `${state}: ${mrkdwnText(i.taskName)}${serviceTag(i)} · ${escapeMrkdwn(conditionText(i))}${value}`,
    blocks,
    metadata,
  };
}

/** A reply in the root's thread. */
export function threadReplyMessage(incident: Incident, reply: ThreadReply): AlertMessage {
  let text: string;
  if (reply.kind === "still-firing") {
    const c = incident.condition;
    const change =
      reply.value === reply.previous ? "unchanged" : `was ${formatAlertValue(c, reply.previous)}`;
    text = `:rotating_light: Still firing: ${reply.summary} (${change}).`;
  } else {
    text = `:white_check_mark: Resolved after ${formatDuration(reply.lastedMs)}: ${reply.summary}.`;
  }
  return { text, blocks: [{ kind: "section", text }] };
}

/** The line that goes with the incident's chart in its thread. */
export function incidentChartComment(incident: Incident): string {
  return `Last 2 hours of *${mrkdwnText(incident.taskName)}*; the alert: ${mrkdwnCode(conditionText(incident))}.`;
}

/**
 * The message an incident effect posts or updates to; undefined for `upload-chart` (a file, with
 * incidentChartComment) — the chart itself is drawn by the renderer.
 */
export function effectMessage(
  effect: IncidentEffect,
  incident: Incident,
  tz: string,
): AlertMessage | undefined {
  switch (effect.kind) {
    case "post-root":
    case "update-root":
      return rootMessage(incident, tz);
    case "thread-reply":
      return threadReplyMessage(incident, effect.reply);
    case "upload-chart":
      return undefined;
  }
}

/** The notices of rule-health.ts, for the rule's channel. */
export function healthNoticeMessage(
  effect: HealthEffect,
  rule: AlertRule,
  tz: string,
): AlertMessage {
  const what = `${mrkdwnCode(rule.id)} (${mrkdwnCode(describeCondition(rule.condition))})`;
  let text: string;
  if (effect.kind === "notice-no-data") {
    const last =
      effect.lastDataAt !== undefined ? `; last data ${slackDate(effect.lastDataAt, tz)}` : "";
    const ads = ruleService(rule) === "ads";
    const tasks =
      effect.tasks.length === 0
        ? `The ${ads ? "SenseCore ADS " : ""}task list could not be read.`
        : `No ${ads ? "progress history" : "statistics"} for ${listNames(effect.tasks)}.`;
    text = `:warning: Alert ${what} cannot be evaluated: no data from ${ads ? "SenseCore ADS" : "OMS"} for ${effect.failuresInARow} evaluations in a row${last}. ${tasks} Nothing fires or resolves until data is back; I'll say when it is.`;
  } else {
    const since =
      effect.downSince !== undefined ? ` (no data since ${slackDate(effect.downSince, tz)})` : "";
    text = `:large_green_circle: Alert ${what} has data again${since} and is evaluated as usual.`;
  }
  return { text, blocks: [{ kind: "section", text }] };
}

function listNames(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => `*${mrkdwnText(n)}*`);
  const more = names.length > max ? ` and ${names.length - max} more` : "";
  return `${shown.join(", ")}${more}`;
}

/**
 * What the alert and digest commands need beside OMS: the store, the outbound chat, the services
 * that act, and new IDs. Present in every bot (the shell and tests use the memory store).
 */
import { ruleService } from "../../core/ads-rules.ts";
import type { AlertRule } from "../../core/alert-model.ts";
import { describeCondition } from "../../core/alert-text.ts";
import type { ChannelRef } from "../../core/command.ts";
import { formatDuration } from "../../core/duration.ts";
import { mrkdwnCode, mrkdwnText } from "../../core/format.ts";
import { OmsbotError } from "../../errors.ts";
import type { RequestContext } from "../context.ts";
import type { OutboundChat, StateStore } from "../ports.ts";
import type { AlertService } from "./alert-service.ts";

export interface Alerting {
  store: StateStore;
  outbound: OutboundChat;
  alerts: AlertService;
  /** Posts digest `id` now (also the scheduled path); undefined when it does not exist. */
  runDigest: (id: string, now: number) => Promise<"posted" | "not-found">;
  /** Called when digests change, so their schedules follow. */
  digestsChanged: () => Promise<void>;
  /** Called when a rule is added: it is evaluated soon rather than at the next poll. */
  rulesChanged: () => void;
  /** A short new ID with a letter saying what it is: `a3k9x2` (alert), `d…`, `i…`. */
  newId: (prefix: "a" | "d" | "i") => string;
  /** How often rules are evaluated, in words, for confirmations ("every 5 minutes"). */
  pollDescription: string;
}

/**
 * The channel a rule or digest posts in: the one named (Slack sends `<#C0123|name>`, which gives
 * the ID), else the one the command came from. A bare `#name` can be used only at the shell,
 * where channels are names; in Slack it means the name was not linked.
 */
export function channelOf(
  ref: ChannelRef | undefined,
  ctx: RequestContext,
  example: string,
): string {
  if (ref?.id) return ref.id;
  if (ref?.name) {
    if (ctx.source === "shell") return `#${ref.name}`;
    throw new OmsbotError(
      "BAD_COMMAND",
      `I couldn't tell which channel \`#${ref.name}\` is: pick it from the list Slack shows after you type \`#\`, so that it turns into a link. Try \`${example}\`.`,
    );
  }
  if (ctx.channelId) return ctx.channelId;
  if (ctx.source === "shell") return "#shell";
  throw new OmsbotError("BAD_COMMAND", `Say which channel, like \`${example}\`.`);
}

/** One line per rule, for confirmations and `alert list`. */
export function describeRule(r: AlertRule): string {
  if (r.condition.kind === "export-finished") {
    return `${mrkdwnCode(r.id)} CDN export tasks · told once when each finishes → ${channelLink(r.channelId)}`;
  }
  // The service is named: a name may exist in OMS and ADS both, and the conditions differ.
  const ads = ruleService(r) === "ads";
  const target = r.target.all
    ? ads
      ? "every SenseCore ADS task"
      : "any OMS task"
    : `*${mrkdwnText(r.target.taskName)}* (${ads ? "SenseCore ADS" : "OMS"})`;
  return `${mrkdwnCode(r.id)} ${target} · ${mrkdwnCode(describeCondition(r.condition))} → ${channelLink(r.channelId)}, repeat ${formatDuration(r.repeatMs)}`;
}

/** `<#C0123>` in Slack; `#name` as typed at the shell. */
export function channelLink(channelId: string): string {
  return channelId.startsWith("#") ? `#${mrkdwnText(channelId.slice(1))}` : `<#${channelId}>`;
}

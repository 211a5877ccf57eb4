/**
 * Carries an incident's effects out in the chat, in order: post the root (then record its ts),
 * upload the chart into its thread, reply in the thread, update the root. What Slack refuses for
 * a while (down, 429 past the client's retries) is kept on the incident as `pending` and tried
 * again at the next round, so a resolution is never lost; a root deleted in Slack is marked
 * gone once and never touched again.
 */
import type { Logger } from "pino";
import { ALERT_DATA_TYPES } from "../../core/alert-evaluate.ts";
import type { AlertRule, Incident } from "../../core/alert-model.ts";
import {
  healthNoticeMessage,
  incidentChartComment,
  rootMessage,
  threadReplyMessage,
} from "../../core/alert-text.ts";
import type { TaskStatistics } from "../../core/domain.ts";
import { incidentChartInput } from "../../core/incident-chart.ts";
import {
  type IncidentEffect,
  rootGone,
  rootKnown,
  rootRecorded,
} from "../../core/incident-machine.ts";
import type { HealthEffect } from "../../core/rule-health.ts";
import { toOmsbotError } from "../../errors.ts";
import type { AlertChartPort, OmsPort, OutboundChat, PostedRef, StateStore } from "../ports.ts";

export interface IncidentEffectsDeps {
  oms: OmsPort;
  store: StateStore;
  outbound: OutboundChat;
  charts: AlertChartPort;
  logger: Logger;
  tz: string;
}

type Outcome = "done" | "retry" | "drop";

export class IncidentEffects {
  constructor(private readonly d: IncidentEffectsDeps) {}

  /** Effects in order; stops at the first that must wait, keeping it and the rest as pending. */
  async carryOut(
    incident: Incident,
    effects: readonly IncidentEffect[],
    stats: TaskStatistics | undefined,
  ): Promise<Incident> {
    let current = incident;
    const queue = [...effects];
    while (queue.length > 0) {
      const effect = queue[0] as IncidentEffect;
      const outcome = await this.one(current, effect, stats);
      current = (await this.d.store.get("incidents", current.id)) ?? current;
      if (outcome === "retry") {
        // A root not yet posted is healed by the next round (healOpening), not by a pending list.
        const keep = queue.filter((e) => e.kind !== "post-root" && e.kind !== "upload-chart");
        if (keep.length > 0) await this.setPending(current.id, keep);
        return current;
      }
      queue.shift();
    }
    return current;
  }

  /** Effects kept from an earlier round (Slack was down): tried again, oldest first. */
  async retryPending(): Promise<void> {
    for (const incident of await this.d.store.list("incidents")) {
      const pending = incident.pending;
      if (!pending || pending.length === 0) continue;
      await this.setPending(incident.id, []);
      await this.carryOut(incident, pending, undefined);
    }
  }

  /** The no-data notice (and "data is back") for a rule's channel. */
  async notice(effect: HealthEffect, rule: AlertRule): Promise<void> {
    try {
      await this.d.outbound.postRoot(rule.channelId, healthNoticeMessage(effect, rule, this.d.tz));
    } catch (e) {
      this.log(e, { rule: rule.id, effect: effect.kind }, "could not post an alert notice");
    }
  }

  private async one(
    incident: Incident,
    effect: IncidentEffect,
    stats: TaskStatistics | undefined,
  ): Promise<Outcome> {
    const root: PostedRef | undefined =
      rootKnown(incident) && incident.rootTs
        ? { channelId: incident.channelId, ts: incident.rootTs }
        : undefined;
    const context = { incident: incident.id, effect: effect.kind };
    try {
      switch (effect.kind) {
        case "post-root": {
          if (incident.state !== "opening") return "done";
          const ref = await this.d.outbound.postRoot(
            incident.channelId,
            rootMessage(incident, this.d.tz),
          );
          await this.d.store.update("incidents", incident.id, (cur) =>
            cur ? rootRecorded(cur, ref.ts) : cur,
          );
          return "done";
        }
        case "upload-chart": {
          // ADS has no statistics to draw: `stats <ads task>` draws its progress on request.
          if (!root || incident.service === "ads") return "drop";
          const data =
            stats ??
            (await this.d.oms.getStatistics(
              incident.taskId,
              ALERT_DATA_TYPES,
              effect.range.start,
              effect.range.end,
            ));
          const png = await this.d.charts.renderIncident(
            incidentChartInput(incident, data, effect.range, this.d.tz),
          );
          await this.d.outbound.upload(
            incident.channelId,
            {
              filename: `alert-${incident.id}.png`,
              title: `${incident.taskName}: last 2 hours`,
              mimeType: "image/png",
              data: png,
            },
            { thread: root, comment: incidentChartComment(incident) },
          );
          return "done";
        }
        case "thread-reply":
          if (!root) return "drop";
          await this.d.outbound.replyInThread(root, threadReplyMessage(incident, effect.reply));
          return "done";
        case "update-root": {
          if (!root) return "drop";
          const latest = (await this.d.store.get("incidents", incident.id)) ?? incident;
          await this.d.outbound.update(root, rootMessage(latest, this.d.tz));
          return "done";
        }
      }
    } catch (e) {
      const err = toOmsbotError(e);
      if (err.code === "CHAT_MESSAGE_GONE") {
        await this.d.store.update("incidents", incident.id, (cur) => (cur ? rootGone(cur) : cur));
        this.d.logger.info(context, "the incident's root was deleted in Slack; leaving it alone");
        return "drop";
      }
      // A chart that cannot be drawn or fetched is not worth holding the thread up for.
      if (effect.kind === "upload-chart" && !err.code.startsWith("CHAT_")) {
        this.log(e, context, "incident chart not posted");
        return "drop";
      }
      this.log(e, context, "incident message not delivered; kept for the next round");
      return "retry";
    }
  }

  private async setPending(id: string, pending: IncidentEffect[]): Promise<void> {
    await this.d.store.update("incidents", id, (cur) => {
      if (!cur) return cur;
      const { pending: _old, ...rest } = cur;
      return pending.length > 0 ? { ...rest, pending } : rest;
    });
  }

  private log(e: unknown, context: Record<string, unknown>, msg: string): void {
    const err = toOmsbotError(e);
    this.d.logger.warn({ ...context, code: err.code, detail: err.detail }, msg);
  }
}

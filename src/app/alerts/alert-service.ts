/**
 * One alert evaluation round, and the incident changes people make (Ack, Mute). The decisions
 * are core's (alert-plan, alert-evaluate, incident-machine, rule-health); this file fetches,
 * stores and carries the effects out. Every incident change goes through StateStore.update, so
 * a click and an evaluation at the same moment cannot undo each other.
 *
 * Exactly one root per incident: the incident is stored as `opening` before its root is posted,
 * the root carries the incident ID in its Slack metadata, and an `opening` incident found at the
 * next round is first looked for in the channel's history (a crash between post and record).
 */
import type { Logger } from "pino";
import { ruleService } from "../../core/ads-rules.ts";
import { evaluateRule, needsStatistics } from "../../core/alert-evaluate.ts";
import type { AlertRule, Incident } from "../../core/alert-model.ts";
import { planEvaluation } from "../../core/alert-plan.ts";
import { INCIDENT_EVENT_TYPE, INCIDENT_METADATA_KEY } from "../../core/alert-text.ts";
import type { SyncTask, TaskStatistics } from "../../core/domain.ts";
import { UNIT_MS } from "../../core/duration.ts";
import {
  activeMute,
  healOpening,
  type IncidentEffect,
  step,
  type Transition,
} from "../../core/incident-machine.ts";
import { trackHealth } from "../../core/rule-health.ts";
import { taskDisplayName } from "../../core/task-ref.ts";
import { toOmsbotError } from "../../errors.ts";
import { mapLimit } from "../../util/map-limit.ts";
import type { AdsPort } from "../ads-port.ts";
import type { AlertChartPort, OmsPort, OutboundChat, StateStore } from "../ports.ts";
import { evaluateAdsRules } from "./ads-round.ts";
import { IncidentEffects } from "./incident-effects.ts";

export interface AlertServiceDeps {
  oms: OmsPort;
  store: StateStore;
  outbound: OutboundChat;
  charts: AlertChartPort;
  logger: Logger;
  /** The zone of the fallback text under Slack's date tokens in channel posts. */
  tz: string;
  newId: () => string;
  /** Statistics calls in flight at once. Default 8. */
  concurrency?: number;
  /** SenseCore ADS, for rules on ADS tasks (ads-round.ts); absent when not configured. */
  ads?: AdsPort | undefined;
}

export interface EvaluationReport {
  rules: number;
  tasks: number;
  statisticsCalls: number;
  opened: number;
  resolved: number;
  /** Rules that could not be evaluated for lack of data. */
  withoutData: number;
  /** SenseCore ADS tasks listed (0 when no rule is on ADS: ADS is not asked then). */
  adsTasks: number;
}

/** Resolved incidents are kept this long (for `alert list` history), then forgotten. */
const KEEP_RESOLVED_MS = 30 * UNIT_MS.d;

export class AlertService {
  private readonly effects: IncidentEffects;

  constructor(private readonly d: AlertServiceDeps) {
    this.effects = new IncidentEffects(d);
  }

  /** One round; `logger` is the round's own (a child with its run ID), default the service's. */
  async evaluate(now: number, logger: Logger = this.d.logger): Promise<EvaluationReport> {
    const rules = await this.d.store.list("rules");
    const report: EvaluationReport = {
      rules: rules.length,
      tasks: 0,
      statisticsCalls: 0,
      opened: 0,
      resolved: 0,
      withoutData: 0,
      adsTasks: 0,
    };
    await this.effects.retryPending();
    await this.healOpenIncidents(now);
    if (rules.length === 0) return report;
    const omsRules = rules.filter((r) => ruleService(r) !== "ads");
    const adsRules = rules.filter((r) => ruleService(r) === "ads");
    if (omsRules.length > 0) await this.evaluateOms(omsRules, now, logger, report);
    if (adsRules.length > 0) {
      const health = (rule: AlertRule, had: boolean, missing: string[]) =>
        this.health(rule, had, missing, now);
      const deps = { ...this.d, effects: this.effects, health };
      const ads = await evaluateAdsRules(deps, adsRules, now, logger);
      report.adsTasks = ads.adsTasks;
      report.opened += ads.opened;
      report.resolved += ads.resolved;
      report.withoutData += ads.withoutData;
    }
    await this.forgetOldIncidents(now);
    return report;
  }

  /** The OMS part of a round (every rule but the ADS ones), as before ADS existed. */
  private async evaluateOms(
    rules: AlertRule[],
    now: number,
    logger: Logger,
    report: EvaluationReport,
  ): Promise<void> {
    const { store, oms } = this.d;
    let tasks: SyncTask[] | undefined;
    try {
      tasks = await oms.listSyncTasks();
    } catch (e) {
      const err = toOmsbotError(e);
      logger.warn({ code: err.code, detail: err.detail }, "alert evaluation: no task list");
    }
    if (!tasks) {
      for (const rule of rules) await this.health(rule, false, [], now);
      report.withoutData += rules.length;
      return;
    }
    report.tasks = tasks.length;
    const plan = planEvaluation(rules, tasks, now);
    for (const o of plan.orphans) {
      logger.warn({ rule: o.rule.id, task: o.taskId }, "alert rule's task is not in OMS any more");
    }
    const stats = new Map<string, TaskStatistics>();
    report.statisticsCalls = plan.fetches.length;
    await mapLimit(plan.fetches, this.d.concurrency ?? 8, async (f) => {
      try {
        stats.set(f.taskId, await oms.getStatistics(f.taskId, f.types, f.range.start, f.range.end));
      } catch (e) {
        const err = toOmsbotError(e);
        logger.warn({ task: f.taskId, code: err.code, detail: err.detail }, "no statistics");
      }
    });
    const open = await this.openByPair();
    const mutes = await store.list("mutes");
    const missing = new Map<string, string[]>();
    for (const { rule, task } of plan.pairs) {
      const taskStats = stats.get(task.id);
      const noData = needsStatistics(rule.condition) && !taskStats;
      if (noData) missing.set(rule.id, [...(missing.get(rule.id) ?? []), taskDisplayName(task)]);
      const evaluation = noData ? undefined : evaluateRule(rule, task, taskStats, now);
      const prev = open.get(`${rule.id}:${task.id}`);
      // Nothing open and no breach: nothing can change, so no write (200 pairs a round would
      // otherwise cost 200 store writes, each an fsync or a Redis round trip).
      if (!prev && !evaluation?.breached) continue;
      let transition: Transition = { next: undefined, effects: [] };
      const id = prev?.id ?? this.d.newId();
      const next = await store.update("incidents", id, (current) => {
        const live = current && current.state !== "resolved" ? current : undefined;
        transition = step(
          live,
          {
            rule,
            task: { id: task.id, name: taskDisplayName(task) },
            evaluation,
            mute: activeMute(mutes, rule.id, task.id, now),
            newId: id,
          },
          now,
        );
        return transition.next ?? current;
      });
      if (!next) continue;
      if (!prev && next.state === "opening") report.opened++;
      if (prev && next.state === "resolved") report.resolved++;
      await this.effects.carryOut(next, transition.effects, taskStats);
    }
    for (const rule of rules) {
      const lacking = missing.get(rule.id) ?? [];
      if (lacking.length > 0) report.withoutData++;
      await this.health(rule, lacking.length === 0, lacking, now);
    }
  }

  /** Carries out effects of a change made outside a round (Ack, Mute): root updates. */
  async apply(incident: Incident, effects: IncidentEffect[]): Promise<void> {
    await this.effects.carryOut(incident, effects, undefined);
  }

  /** Open incidents by `rule:task`. */
  private async openByPair(): Promise<Map<string, Incident>> {
    const all = await this.d.store.list("incidents");
    return new Map(
      all.filter((i) => i.state !== "resolved").map((i) => [`${i.ruleId}:${i.taskId}`, i]),
    );
  }

  /**
   * `opening` incidents left by a crash or a failed post: found in the channel (the root's
   * metadata holds the incident ID) → recorded; not found → posted now.
   */
  private async healOpenIncidents(now: number): Promise<void> {
    const opening = (await this.d.store.list("incidents")).filter((i) => i.state === "opening");
    for (const incident of opening) {
      let found: string | undefined;
      try {
        const ref = await this.d.outbound.findRoot(
          incident.channelId,
          INCIDENT_EVENT_TYPE,
          { key: INCIDENT_METADATA_KEY, value: incident.id },
          incident.openedAt - 5 * UNIT_MS.m,
        );
        found = ref?.ts;
      } catch (e) {
        const err = toOmsbotError(e);
        this.d.logger.warn(
          { incident: incident.id, code: err.code, detail: err.detail },
          "cannot look for an unrecorded root yet; trying again next round",
        );
        continue;
      }
      const t = healOpening(incident, found, now);
      const next = await this.d.store.update("incidents", incident.id, (cur) =>
        cur?.state === "opening" ? (t.next ?? cur) : cur,
      );
      if (next) await this.effects.carryOut(next, t.effects, undefined);
    }
  }

  private async health(rule: AlertRule, hadData: boolean, missing: string[], now: number) {
    let effects: ReturnType<typeof trackHealth>["effects"] = [];
    await this.d.store.update("health", rule.id, (prev) => {
      const r = trackHealth(prev, { rule, hadData, missingTasks: missing }, now);
      effects = r.effects;
      return r.next;
    });
    for (const effect of effects) await this.effects.notice(effect, rule);
  }

  private async forgetOldIncidents(now: number): Promise<void> {
    for (const i of await this.d.store.list("incidents")) {
      if (i.state === "resolved" && (i.resolvedAt ?? now) < now - KEEP_RESOLVED_MS) {
        await this.d.store.delete("incidents", i.id);
      }
    }
  }
}

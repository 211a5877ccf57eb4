/**
 * The SenseCore ADS part of an alert round: one `listTasks()` call, the stored progress history
 * for `stalled`, core's checks (ads-rules.ts) → an Evaluation → the same `step()` and the same
 * IncidentEffects as OMS, so roots, replies, resolution, Ack and Mute behave alike. ADS down is
 * no data: nothing opens or resolves, and RuleHealth counts it (the notice after a few rounds).
 */
import type { Logger } from "pino";
import type { AdsProgressSample, AdsTask } from "../../core/ads-domain.ts";
import { adsStepTask, evaluateAdsRule, planAdsEvaluation } from "../../core/ads-rules.ts";
import type { AlertRule, Incident } from "../../core/alert-model.ts";
import { activeMute, step, type Transition } from "../../core/incident-machine.ts";
import { toOmsbotError } from "../../errors.ts";
import { adsHistory } from "../ads/progress-recorder.ts";
import type { AdsPort } from "../ads-port.ts";
import type { StateStore } from "../ports.ts";
import type { IncidentEffects } from "./incident-effects.ts";

export interface AdsRoundDeps {
  ads?: AdsPort | undefined;
  store: StateStore;
  effects: IncidentEffects;
  newId: () => string;
  /** The rule's health after the round (shared with OMS: one RuleHealth per rule). */
  health: (rule: AlertRule, hadData: boolean, missing: string[]) => Promise<void>;
}

export interface AdsRoundReport {
  adsTasks: number;
  opened: number;
  resolved: number;
  withoutData: number;
}

/** Evaluates `rules` (all of them ADS rules: ruleService) at `now`. */
export async function evaluateAdsRules(
  d: AdsRoundDeps,
  rules: readonly AlertRule[],
  now: number,
  logger: Logger,
): Promise<AdsRoundReport> {
  const report: AdsRoundReport = { adsTasks: 0, opened: 0, resolved: 0, withoutData: 0 };
  let tasks: AdsTask[] | undefined;
  if (!d.ads) logger.warn("alert rules on SenseCore ADS tasks, but ADS is not configured");
  else {
    try {
      tasks = await d.ads.listTasks();
    } catch (e) {
      const err = toOmsbotError(e);
      logger.warn({ code: err.code, detail: err.detail }, "alert evaluation: no ADS task list");
    }
  }
  if (!tasks) {
    for (const rule of rules) await d.health(rule, false, []);
    report.withoutData = rules.length;
    return report;
  }
  report.adsTasks = tasks.length;
  const plan = planAdsEvaluation(rules, tasks);
  for (const o of plan.orphans) {
    logger.warn(
      { rule: o.rule.id, task: o.taskId },
      "alert rule's ADS task is not listed any more",
    );
  }
  // The history is the bot's own store: a store failure fails the round like any store write.
  const history = new Map<string, AdsProgressSample[]>();
  for (const id of plan.historyFor) history.set(id, await adsHistory(d.store, id));
  const open = new Map(
    (await d.store.list("incidents"))
      .filter((i) => i.state !== "resolved")
      .map((i) => [`${i.ruleId}:${i.taskId}`, i]),
  );
  const mutes = await d.store.list("mutes");
  for (const { rule, task } of plan.pairs) {
    const evaluation = evaluateAdsRule(rule, task, history.get(task.id) ?? [], now);
    const prev = open.get(`${rule.id}:${task.id}`);
    // As in the OMS part: nothing open and no breach changes nothing, so no store write.
    if (!prev && !evaluation?.breached) continue;
    let transition: Transition = { next: undefined, effects: [] };
    const id = prev?.id ?? d.newId();
    const next = await d.store.update("incidents", id, (current) => {
      const live = current && current.state !== "resolved" ? current : undefined;
      transition = step(
        live,
        {
          rule,
          task: adsStepTask(task),
          evaluation,
          mute: activeMute(mutes, rule.id, task.id, now),
          newId: id,
        },
        now,
      );
      // The root names the service, and IncidentEffects skips the OMS statistics chart.
      const t: Incident | undefined = transition.next;
      return t ? { ...t, service: "ads" } : current;
    });
    if (!next) continue;
    if (!prev && next.state === "opening") report.opened++;
    if (prev && next.state === "resolved") report.resolved++;
    await d.effects.carryOut(next, transition.effects, undefined);
  }
  for (const rule of rules) await d.health(rule, true, []);
  return report;
}

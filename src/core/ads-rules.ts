/**
 * Alert rules on SenseCore ADS tasks, pure: which service a rule is about, which conditions fit
 * which service, which (rule, task) pairs a round evaluates, and the ADS checks of ads-alerts.ts
 * turned into the same Evaluation the OMS conditions give, so incident-machine.ts's `step` runs
 * them unchanged (root, replies, resolution after two clear rounds, Ack, Mute).
 */
import { type AdsAlertVerdict, evaluateAdsFailed, evaluateAdsStalled } from "./ads-alerts.ts";
import type { AdsProgressSample, AdsTask } from "./ads-domain.ts";
import { sampleOf } from "./ads-progress.ts";
import { adsDisplayName } from "./ads-task-ref.ts";
import type { Evaluation } from "./alert-evaluate.ts";
import type { AlertRule, RuleService } from "./alert-model.ts";
import type { AlertCondition } from "./command.ts";
import { formatDuration } from "./duration.ts";
import { mrkdwnCode, mrkdwnText } from "./format.ts";

/** The service a rule watches; `cdn` for the export notice, which is no task condition. */
export function ruleService(rule: Pick<AlertRule, "target" | "condition">): RuleService | "cdn" {
  if (rule.condition.kind === "export-finished") return "cdn";
  // `failed` exists only for ADS, so `alert add all failed` can only mean every ADS task.
  if (rule.condition.kind === "failed") return "ads";
  if (rule.target.all) return "oms";
  return rule.target.service ?? "oms";
}

/** Conditions each service's tasks can be judged by. */
const FITS: Record<RuleService, ReadonlySet<AlertCondition["kind"]>> = {
  oms: new Set(["failures", "failure-rate", "stopped", "stalled"]),
  ads: new Set(["failed", "stalled"]),
};

/**
 * Why `condition` cannot watch a task of `service` (mrkdwn-safe, with an example that works), or
 * undefined when it can. ADS answers no object counts over time, so the OMS statistics
 * conditions have nothing to read there; OMS has no FAILED state.
 */
export function conditionMisfit(
  service: RuleService,
  condition: AlertCondition,
  taskName: string,
): string | undefined {
  if (FITS[service].has(condition.kind)) return undefined;
  const task = `*${mrkdwnText(taskName)}*`;
  if (service === "ads") {
    return `${task} is a SenseCore ADS task: ADS gives no failure counts or STOPPED state, so ${mrkdwnCode(condition.kind)} cannot watch it. For ADS tasks use ${mrkdwnCode("failed")} or ${mrkdwnCode("stalled <duration>")}. Try ${mrkdwnCode(`alert add ${taskName} failed`)}.`;
  }
  return `${task} is an OMS sync task: ${mrkdwnCode("failed")} is for SenseCore ADS tasks (their FAILED state). For OMS tasks use ${mrkdwnCode("failures > N")}, ${mrkdwnCode("failure-rate > P%")}, ${mrkdwnCode("stopped")} or ${mrkdwnCode("stalled <duration>")}. Try ${mrkdwnCode(`alert add ${taskName} failures > 10 in 15m`)}.`;
}

export interface AdsEvaluationPlan {
  /** Every (rule, ADS task) to evaluate; `all failed` covers every listed task, new ones too. */
  pairs: Array<{ rule: AlertRule; task: AdsTask }>;
  /** Rules whose task ADS no longer lists (finished a while ago, or deleted): not evaluated. */
  orphans: Array<{ rule: AlertRule; taskId: string; taskName: string }>;
  /** Tasks some `stalled` rule needs the progress history of. */
  historyFor: string[];
}

export function planAdsEvaluation(
  rules: readonly AlertRule[],
  tasks: readonly AdsTask[],
): AdsEvaluationPlan {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const plan: AdsEvaluationPlan = { pairs: [], orphans: [], historyFor: [] };
  const history = new Set<string>();
  for (const rule of rules) {
    if (ruleService(rule) !== "ads") continue;
    let covered: readonly AdsTask[];
    if (rule.target.all) covered = tasks;
    else {
      const task = byId.get(rule.target.taskId);
      if (!task) {
        const { taskId, taskName } = rule.target;
        plan.orphans.push({ rule, taskId, taskName });
        continue;
      }
      covered = [task];
    }
    for (const task of covered) {
      plan.pairs.push({ rule, task });
      if (rule.condition.kind === "stalled") history.add(task.id);
    }
  }
  plan.historyFor = [...history];
  return plan;
}

/**
 * One ADS rule against one task at `now`. `samples` is the stored history; the task's counts as
 * listed this round are added to it, so a task that moved since the last poll is not stalled.
 * Undefined for a condition ADS cannot judge (never planned: conditionMisfit refuses it).
 */
export function evaluateAdsRule(
  rule: AlertRule,
  task: AdsTask,
  samples: readonly AdsProgressSample[],
  now: number,
): Evaluation | undefined {
  const c = rule.condition;
  if (c.kind === "failed") {
    const v = evaluateAdsFailed(task);
    return {
      breached: v.firing,
      value: v.firing ? 1 : 0,
      threshold: 1,
      ...since(v),
      summary: v.firing
        ? `the task is FAILED: ${mrkdwnText(v.reason)}`
        : `the task is ${mrkdwnText(task.state)}`,
    };
  }
  if (c.kind !== "stalled") return undefined;
  const current = sampleOf(task, now);
  const all = current ? [...samples.filter((s) => s.t < now), current] : samples;
  const v = evaluateAdsStalled(task, all, c.durationMs, now);
  const idle = v.firing ? Math.max(0, now - v.since) : 0;
  const alertAfter = `alert after ${formatDuration(c.durationMs)}`;
  return {
    breached: v.firing,
    value: idle,
    threshold: c.durationMs,
    ...since(v),
    summary: v.firing
      ? `${mrkdwnText(v.reason)} for ${formatDuration(idle)} (${alertAfter} without progress)`
      : `${mrkdwnText(v.reason)} (${alertAfter} without progress)`,
  };
}

/** A FAILED task without start or end time says `since` 0: that is "unknown", not 1970. */
function since(v: AdsAlertVerdict): { since?: number } {
  return v.firing && v.since > 0 ? { since: v.since } : {};
}

/** The incident's task as step() wants it. */
export const adsStepTask = (task: AdsTask) => ({ id: task.id, name: adsDisplayName(task) });

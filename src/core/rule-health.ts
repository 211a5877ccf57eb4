/**
 * Whether a rule could be evaluated at all. When OMS is down there is no data, and no data is no
 * evaluation (nothing opens or resolves), so the channel would hear nothing: after a few failed
 * rounds in a row it gets one notice, and one more when data is back.
 *
 * One RuleHealth per rule (`id` = the rule's ID), not per task: an outage hits every task of an
 * `all` rule at once, and the channel should get one notice for it, not one per task.
 */
import type { AlertRule, RuleHealth } from "./alert-model.ts";

/** Failed rounds in a row before the notice: one or two are a blip the next round heals. */
export const NO_DATA_NOTICE_AFTER = 3;

export type HealthEffect =
  | {
      kind: "notice-no-data";
      ruleId: string;
      channelId: string;
      failuresInARow: number;
      lastDataAt?: number;
      /** Names of the tasks that had no data this round (empty: the task list itself failed). */
      tasks: string[];
    }
  | { kind: "notice-data-back"; ruleId: string; channelId: string; downSince?: number };

export interface HealthInput {
  rule: AlertRule;
  /**
   * True when the task list came and every task this rule covers got its statistics (or needed
   * none). One task without data makes the round a failure for the rule.
   */
  hadData: boolean;
  missingTasks?: string[];
}

export function trackHealth(
  prev: RuleHealth | undefined,
  input: HealthInput,
  now: number,
): { next: RuleHealth; effects: HealthEffect[] } {
  const { rule } = input;
  const base: RuleHealth = prev ?? { id: rule.id, ruleId: rule.id, failuresInARow: 0 };
  if (input.hadData) {
    const next: RuleHealth = {
      id: base.id,
      ruleId: base.ruleId,
      failuresInARow: 0,
      lastDataAt: now,
    };
    if (base.noticeSentAt === undefined) return { next, effects: [] };
    const back: HealthEffect = {
      kind: "notice-data-back",
      ruleId: rule.id,
      channelId: rule.channelId,
      ...(base.lastDataAt !== undefined ? { downSince: base.lastDataAt } : {}),
    };
    return { next, effects: [back] };
  }
  const failuresInARow = base.failuresInARow + 1;
  const next: RuleHealth = { ...base, failuresInARow };
  if (failuresInARow < NO_DATA_NOTICE_AFTER || base.noticeSentAt !== undefined) {
    return { next, effects: [] };
  }
  const notice: HealthEffect = {
    kind: "notice-no-data",
    ruleId: rule.id,
    channelId: rule.channelId,
    failuresInARow,
    ...(base.lastDataAt !== undefined ? { lastDataAt: base.lastDataAt } : {}),
    tasks: input.missingTasks ?? [],
  };
  return { next: { ...next, noticeSentAt: now }, effects: [notice] };
}

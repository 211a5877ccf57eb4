/**
 * What one alert evaluation round fetches and evaluates. One task-list call, then at most one
 * statistics call per task, whatever the number of rules (issue 8): the rules for a task share
 * one range wide enough for the longest of them and for a new incident's chart.
 */

import { ruleService } from "./ads-rules.ts";
import {
  ALERT_DATA_TYPES,
  INCIDENT_CHART_MS,
  lookbackMs,
  needsStatistics,
} from "./alert-evaluate.ts";
import type { AlertRule } from "./alert-model.ts";
import { type DataType, GRANULARITY_MS, type SyncTask, type TimeRange } from "./domain.ts";

export interface StatisticsFetch {
  taskId: string;
  range: TimeRange;
  types: readonly DataType[];
}

export interface EvaluationPlan {
  /** Every (rule, task) to evaluate; `all` rules cover every task in the list, new ones too. */
  pairs: Array<{ rule: AlertRule; task: SyncTask }>;
  /** One per task that some rule needs statistics for; `stopped` alone needs none. */
  fetches: StatisticsFetch[];
  /** Rules whose task is not in the task list any more: reported, not evaluated. */
  orphans: Array<{ rule: AlertRule; taskId: string; taskName: string }>;
}

const STEP = GRANULARITY_MS.FIVE_MINUTES;

/**
 * The range to fetch for a task: back far enough for `lookback` and the incident chart, its
 * start on a five-minute boundary so the interval holding the window's edge comes back too.
 */
export function fetchRange(lookback: number, now: number): TimeRange {
  const back = Math.max(lookback, INCIDENT_CHART_MS);
  return { start: Math.floor((now - back) / STEP) * STEP, end: now };
}

export function planEvaluation(
  rules: readonly AlertRule[],
  tasks: readonly SyncTask[],
  now: number,
): EvaluationPlan {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const pairs: EvaluationPlan["pairs"] = [];
  const orphans: EvaluationPlan["orphans"] = [];
  const lookbackByTask = new Map<string, number>();
  for (const rule of rules) {
    // Not about OMS tasks at all: app/exports/export-watcher.ts checks these against CDN.
    if (rule.condition.kind === "export-finished") continue;
    // SenseCore ADS tasks: app/alerts/ads-round.ts evaluates these from the ADS task list.
    if (ruleService(rule) === "ads") continue;
    let covered: readonly SyncTask[];
    if (rule.target.all) covered = tasks;
    else {
      const task = byId.get(rule.target.taskId);
      if (!task) {
        orphans.push({ rule, taskId: rule.target.taskId, taskName: rule.target.taskName });
        continue;
      }
      covered = [task];
    }
    for (const task of covered) {
      pairs.push({ rule, task });
      if (!needsStatistics(rule.condition)) continue;
      const back = lookbackMs(rule.condition);
      lookbackByTask.set(task.id, Math.max(lookbackByTask.get(task.id) ?? 0, back));
    }
  }
  const fetches = [...lookbackByTask].map(([taskId, back]) => ({
    taskId,
    range: fetchRange(back, now),
    types: ALERT_DATA_TYPES,
  }));
  return { pairs, fetches, orphans };
}

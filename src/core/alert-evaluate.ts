/**
 * One alert rule against one task's numbers: breached or not, by how much. Pure; the statistics
 * come in (five-minute points of REQUEST, SUCCESS, FAILURE), and so does `now`.
 */
import type { AlertRule } from "./alert-model.ts";
import type { AlertCondition } from "./command.ts";
import {
  type DataType,
  GRANULARITY_MS,
  type StatPoint,
  type SyncTask,
  type TaskStatistics,
} from "./domain.ts";
import { formatDuration, UNIT_MS } from "./duration.ts";
import { formatCount, mrkdwnText } from "./format.ts";

export interface Evaluation {
  breached: boolean;
  /** failures: a count; failure-rate: a percentage; stopped: 1 or 0; stalled: idle ms. */
  value: number;
  /** In the same unit as `value`. */
  threshold: number;
  /** When the breach began, as far as the fetched data shows. */
  since?: number;
  /** One line for people, mrkdwn-safe (outside text in it is escaped). */
  summary: string;
}

/**
 * `failure-rate` judges nothing below this many finished objects (succeeded + failed) in the
 * window: 1 failure out of 1 is 100%, and a quiet task would page people for noise. 20 keeps
 * the rate's step at 5 points at most.
 */
export const MIN_RATE_ATTEMPTS = 20;

/** The types an evaluation needs; one statistics call per task asks for all of them. */
export const ALERT_DATA_TYPES: readonly DataType[] = ["REQUEST", "SUCCESS", "FAILURE"];

/** The chart under a new incident's root covers this much. */
export const INCIDENT_CHART_MS = 2 * UNIT_MS.h;

/** How much history one condition looks at; 0 when it needs no statistics (`stopped`). */
export function lookbackMs(condition: AlertCondition): number {
  switch (condition.kind) {
    case "failures":
    case "failure-rate":
      return condition.windowMs;
    case "stalled":
      return condition.durationMs;
    case "stopped":
    case "failed":
    case "export-finished":
      return 0;
  }
}

export function needsStatistics(condition: AlertCondition): boolean {
  return lookbackMs(condition) > 0;
}

/** The largest look-back of a set of rules: one statistics call per task covers all of them. */
export function windowFor(rules: readonly AlertRule[]): number {
  return rules.reduce((max, r) => Math.max(max, lookbackMs(r.condition)), 0);
}

/**
 * Sum of the points whose interval overlaps [from, to). A point stands for [t, t + step), so the
 * partly covered oldest interval counts: a breach near the window's edge is not missed, and a
 * window of N intervals never reads fewer than N of them. Missing points are zeros.
 */
function sumOver(points: readonly StatPoint[] | undefined, step: number, from: number, to: number) {
  let total = 0;
  let first: number | undefined;
  for (const p of points ?? []) {
    if (p.t + step <= from || p.t >= to) continue;
    total += p.v;
    if (p.v > 0 && (first === undefined || p.t < first)) first = p.t;
  }
  return { total, first };
}

const windowText = (ms: number) => `in the last ${formatDuration(ms)}`;

/**
 * Evaluates `rule` for `task` at `now`. `stats` undefined means the statistics could not be had
 * (OMS down): that is no evaluation at all, so the answer is undefined — except for `stopped`,
 * which reads the task list only.
 */
export function evaluateRule(
  rule: AlertRule,
  task: SyncTask,
  stats: TaskStatistics | undefined,
  now: number,
): Evaluation | undefined {
  const c = rule.condition;
  if (c.kind === "stopped") return evaluateStopped(task);
  if (!stats) return undefined;
  const step = GRANULARITY_MS[stats.granularity];
  switch (c.kind) {
    case "failures": {
      const f = sumOver(stats.series.FAILURE, step, now - c.windowMs, now);
      const breached = f.total > c.threshold;
      return {
        breached,
        value: f.total,
        threshold: c.threshold,
        ...(breached && f.first !== undefined ? { since: f.first } : {}),
        summary: `${formatCount(f.total)} failed ${windowText(c.windowMs)} (alert above ${formatCount(c.threshold)})`,
      };
    }
    case "failure-rate":
      return evaluateRate(c.percent, c.windowMs, stats, step, now);
    case "stalled":
      return evaluateStalled(c.durationMs, task, stats, step, now);
  }
}

function evaluateStopped(task: SyncTask): Evaluation {
  // Only STOPPED is stopped: a status the bot does not know yet (api-notes: statuses may grow)
  // could be anything, and a false "stopped" page is worse than a missed one here.
  const breached = task.status === "STOPPED";
  return {
    breached,
    value: breached ? 1 : 0,
    threshold: 1,
    summary: breached ? "the task is STOPPED" : `the task is ${mrkdwnText(task.status)}`,
  };
}

function evaluateRate(
  percent: number,
  windowMs: number,
  stats: TaskStatistics,
  step: number,
  now: number,
): Evaluation {
  const from = now - windowMs;
  const failed = sumOver(stats.series.FAILURE, step, from, now);
  const succeeded = sumOver(stats.series.SUCCESS, step, from, now).total;
  const attempts = failed.total + succeeded;
  if (attempts < MIN_RATE_ATTEMPTS) {
    const value = attempts > 0 ? (failed.total / attempts) * 100 : 0;
    return {
      breached: false,
      value,
      threshold: percent,
      summary: `too little traffic to judge: ${formatCount(attempts)} objects finished ${windowText(windowMs)} (needs ${MIN_RATE_ATTEMPTS})`,
    };
  }
  const value = (failed.total / attempts) * 100;
  const breached = value > percent;
  return {
    breached,
    value,
    threshold: percent,
    ...(breached && failed.first !== undefined ? { since: failed.first } : {}),
    summary: `${formatPct(value)} failed (${formatCount(failed.total)} of ${formatCount(attempts)}) ${windowText(windowMs)} (alert above ${percent}%)`,
  };
}

/** 12.345 → "12.3%"; small rates keep two decimals so 0.04% does not read as 0. */
export function formatPct(p: number): string {
  return `${p.toFixed(p >= 10 || p === 0 ? 1 : 2).replace(/\.0+$/, "")}%`;
}

function evaluateStalled(
  durationMs: number,
  task: SyncTask,
  stats: TaskStatistics,
  step: number,
  now: number,
): Evaluation {
  const from = now - durationMs;
  let lastActiveEnd: number | undefined;
  for (const type of ["REQUEST", "SUCCESS"] as const) {
    for (const p of stats.series[type] ?? []) {
      if (p.v > 0 && p.t < now) lastActiveEnd = Math.max(lastActiveEnd ?? 0, p.t + step);
    }
  }
  const startedAt = task.lastStartTime ?? task.createTime;
  // A task (re)started within the duration has not had the chance to stall for that long.
  const quietSince = Math.max(lastActiveEnd ?? stats.start, startedAt);
  const idle = Math.max(0, now - quietSince);
  const synchronizing = task.status === "SYNCHRONIZING";
  const breached =
    synchronizing && (lastActiveEnd === undefined || lastActiveEnd <= from) && startedAt <= from;
  const summary = !synchronizing
    ? `the task is ${mrkdwnText(task.status)}, not synchronizing`
    : breached
      ? `no requests and no successes for ${lastActiveEnd === undefined && startedAt < stats.start ? "at least " : ""}${formatDuration(idle)} (alert after ${formatDuration(durationMs)})`
      : lastActiveEnd !== undefined && lastActiveEnd > startedAt
        ? `last active ${formatDuration(idle)} ago (alert after ${formatDuration(durationMs)} without activity)`
        : `started ${formatDuration(idle)} ago (alert after ${formatDuration(durationMs)} without activity)`;
  return {
    breached,
    value: idle,
    threshold: durationMs,
    ...(breached ? { since: quietSince } : {}),
    summary,
  };
}

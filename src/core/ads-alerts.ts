/**
 * What the ADS alert conditions see, pure, for the lead to wire into the alert round:
 * - failed: the task is FAILED (seed 004 state), with its `err_msg` as the reason when ADS gave one;
 * - stalled: the task is DOING and its counts have not moved for the whole duration, judged from
 *   the bot's own progress samples (ADS keeps no history; core/ads-progress.ts).
 */
import type { AdsProgressSample, AdsTask } from "./ads-domain.ts";

export type AdsAlertVerdict =
  | { firing: true; since: number; reason: string }
  | { firing: false; reason: string };

export function evaluateAdsFailed(task: AdsTask): AdsAlertVerdict {
  if (task.state !== "FAILED") return { firing: false, reason: `state ${task.state}` };
  // `end` is when it failed; a task ADS gave no end time for failed no later than now (unknown).
  const since = task.ended ?? task.started ?? 0;
  return { firing: true, since, reason: task.errMsg ?? "ADS gave no reason (no err_msg)" };
}

/**
 * Stalled when DOING and neither `complete` nor `percent` changed over [now - duration, now].
 * It takes a sample at or before `now - duration` to know that (else not firing: too little
 * history), and one within the duration (else the bot has stopped seeing the task, which is
 * not the task's fault).
 */
export function evaluateAdsStalled(
  task: AdsTask,
  samples: readonly AdsProgressSample[],
  durationMs: number,
  now: number,
): AdsAlertVerdict {
  if (task.state !== "DOING") return { firing: false, reason: `state ${task.state}` };
  const sorted = [...samples].filter((s) => s.t <= now).sort((a, b) => a.t - b.t);
  const last = sorted.at(-1);
  if (!last || last.t < now - durationMs) {
    return { firing: false, reason: "no recent progress sample" };
  }
  const moved = (a: AdsProgressSample, b: AdsProgressSample) =>
    a.complete !== b.complete || a.percent !== b.percent;
  // The start of the run of unchanged samples that ends at the newest one.
  let since = last.t;
  for (let i = sorted.length - 2; i >= 0; i--) {
    const s = sorted[i] as AdsProgressSample;
    if (moved(s, last)) break;
    since = s.t;
  }
  if (since > now - durationMs) {
    return { firing: false, reason: "progress within the duration, or too little history" };
  }
  return {
    firing: true,
    since,
    reason: `no progress since ${last.percent}% (${last.complete} of ${last.total} files)`,
  };
}

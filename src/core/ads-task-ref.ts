/**
 * One task reference over both services: an OMS sync task or a SenseCore ADS task. The rules are
 * task-ref.ts's (ID, name, unique ID prefix; exact before prefix), applied to both lists at once,
 * so a name that matches a task in each is TASK_AMBIGUOUS naming which service each is.
 */
import type { AdsTask } from "./ads-domain.ts";
import type { SyncTask } from "./domain.ts";
import { quote } from "./parse-errors.ts";
import { type RefTarget, resolveTask, taskDisplayName } from "./task-ref.ts";

export type AnyTask = { service: "oms"; task: SyncTask } | { service: "ads"; task: AdsTask };

export const SERVICE_NAME: Record<AnyTask["service"], string> = {
  oms: "OMS sync task",
  ads: "SenseCore ADS task",
};

/** The name people type for an ADS task: its `task_name`, else its ID. */
export function adsDisplayName(task: AdsTask): string {
  const n = task.name.trim();
  return n.length > 0 ? n : task.id;
}

interface Candidate extends RefTarget {
  of: AnyTask;
}

function candidate(of: AnyTask): Candidate {
  if (of.service === "oms") {
    const t = of.task;
    return {
      id: t.id,
      description: t.description,
      srcBucket: t.srcBucket,
      dstBucket: t.dstBucket,
      of,
    };
  }
  // No buckets: ADS paths are not part of a task's name (seed 004 has a name of its own).
  return { id: of.task.id, description: adsDisplayName(of.task), srcBucket: "", dstBucket: "", of };
}

function label(c: Candidate): string {
  return `${SERVICE_NAME[c.of.service]} ${quote(taskDisplayName(c), 80)} (ID ${quote(c.id, 80)})`;
}

/** The one task `ref` names among both lists; TASK_NOT_FOUND / TASK_AMBIGUOUS otherwise. */
export function resolveAnyTask(
  ref: string,
  oms: readonly SyncTask[],
  ads: readonly AdsTask[],
  options: { command?: string } = {},
): AnyTask {
  const all = [
    ...oms.map((task) => candidate({ service: "oms", task })),
    ...ads.map((task) => candidate({ service: "ads", task })),
  ];
  return resolveTask(ref, all, { command: options.command, label, noun: "tasks" }).of;
}

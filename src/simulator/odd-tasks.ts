/**
 * Tasks whose answers are odd on purpose, beside the demo tasks: a status api-notes does not list
 * ("task statuses may grow beyond SYNCHRONIZING/STOPPED over time"), a description that is not a
 * string, an item with no sync_task_id. A client must show the rest of the list when one of these
 * is in it. Each has traffic, so its statistics can be asked for wherever it has an ID.
 */
import { buildTask, type SimTask, type TaskBlueprint } from "./demo-tasks.ts";

export const ODD_TASK_KINDS = [
  "unknownStatus",
  "numericDescription",
  "objectDescription",
  "missingId",
] as const;
/**
 * unknownStatus: status "DELETING" · numericDescription: description 4242 (a number) ·
 * objectDescription: description {"en": "…"} · missingId: no sync_task_id in list answers.
 */
export type OddTaskKind = (typeof ODD_TASK_KINDS)[number];

export function isOddTaskKind(s: string): s is OddTaskKind {
  return (ODD_TASK_KINDS as readonly string[]).includes(s);
}

/** The status the unknownStatus task has. */
export const UNKNOWN_STATUS = "DELETING";

const PROFILE: TaskBlueprint["profile"] = {
  peakPerInterval: 90,
  peakHourUtc: 11,
  dayNightDepth: 0.5,
  baseFailureRate: 0.01,
  skipRate: 0.02,
  burstChance: 0.04,
  meanObjectBytes: 4 * 1024 * 1024,
};

function blueprint(name: string, bucket: string): TaskBlueprint {
  return {
    name,
    src: ["HuaweiCloud", "cn-north-4", `${bucket}-src`],
    dst: ["cn-east-3", `${bucket}-dst`],
    ageDays: 10,
    overwrite: "SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE",
    storage: "STANDARD",
    check: "size_last_modified",
    profile: PROFILE,
  };
}

/**
 * `name` is what the bot should show: the description when it can be read as text, else the
 * buckets (an object description reads as none).
 */
export function buildOddTasks(
  seed: number,
  startedAt: number,
  kinds: readonly OddTaskKind[],
): SimTask[] {
  return [...new Set(kinds)].map((kind) => oddTask(seed, startedAt, kind));
}

function oddTask(seed: number, startedAt: number, kind: OddTaskKind): SimTask {
  switch (kind) {
    case "unknownStatus": {
      const t = buildTask(seed, startedAt, blueprint("archive-mover", "archive"));
      return { ...t, info: { ...t.info, status: UNKNOWN_STATUS } };
    }
    case "numericDescription": {
      const t = buildTask(seed, startedAt, blueprint("4242", "numbered"));
      return { ...t, wire: { description: 4242 } };
    }
    case "objectDescription": {
      const t = buildTask(seed, startedAt, blueprint("object-described", "objdesc"));
      const name = `${t.info.src_bucket}→${t.info.dst_bucket}`;
      return { ...t, name, wire: { description: { en: "object-described" } } };
    }
    case "missingId": {
      const t = buildTask(seed, startedAt, blueprint("no-id-task", "noid"));
      return { ...t, wire: { sync_task_id: undefined } };
    }
  }
}

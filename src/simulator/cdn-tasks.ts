/**
 * The CDN statistics export tasks the simulator serves (seed 003): a few in each state, one with
 * a numeric `task_name` as in the seed's own example, and one that finishes a minute after the
 * simulator starts, so the shell demo shows an `alert add exports` notice arriving.
 */

export const DEFAULT_CDN_DOMAIN_ID = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f";

/** What the simulator sends while a task is still running. Inferred: api-notes names only
 * `success` and `fail`, so the client must keep and show any other value as it came. */
export const CDN_PENDING_STATUS = "processing";

export interface CdnSimTask {
  task_id: string;
  /** A number in one demo task, as in the seed's example. */
  task_name: string | number;
  create_time: number;
  /**
   * When it finishes, and how; undefined = never (still running). Before `finishAt` it is
   * `processing` with update_time = create_time.
   */
  finishAt?: number;
  outcome: "success" | "fail";
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** 32 hex digits, like the seed's `2459be350111d2da0f8dc010e0ac4c33`, from a small number. */
export function cdnTaskId(n: number): string {
  return `e${n.toString(16).padStart(4, "0")}`.padEnd(32, "0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d");
}

/** The demo tasks, anchored at the simulator's start `t0`. */
export function buildCdnDemoTasks(t0: number): CdnSimTask[] {
  return [
    {
      task_id: "2459be350111d2da0f8dc010e0ac4c33",
      // Seed 003's example answer, numeric name and all.
      task_name: 149751000000,
      create_time: t0 - 50 * HOUR,
      finishAt: t0 - 50 * HOUR + 3 * MIN,
      outcome: "success",
    },
    {
      task_id: cdnTaskId(1),
      task_name: "traffic-monthly",
      create_time: t0 - 3 * HOUR,
      finishAt: t0 - 3 * HOUR + 4 * MIN,
      outcome: "success",
    },
    {
      task_id: cdnTaskId(2),
      task_name: "bandwidth-weekly",
      create_time: t0 - 26 * HOUR,
      finishAt: t0 - 26 * HOUR + 9 * MIN,
      outcome: "fail",
    },
    {
      task_id: cdnTaskId(3),
      task_name: "requests-daily",
      create_time: t0 - 5 * MIN,
      // The demo's notice: finishes a minute after start.
      finishAt: t0 + MIN,
      outcome: "success",
    },
    {
      task_id: cdnTaskId(4),
      task_name: "top-urls",
      create_time: t0 - 20 * MIN,
      outcome: "success",
    },
  ];
}

/** `count` more finished tasks, `bulk-export-001`…, an hour apart (paging tests). */
export function buildCdnBulkTasks(t0: number, count: number): CdnSimTask[] {
  return Array.from({ length: count }, (_, i) => ({
    task_id: cdnTaskId(0x1000 + i),
    task_name: `bulk-export-${String(i + 1).padStart(3, "0")}`,
    create_time: t0 - (i + 100) * HOUR,
    finishAt: t0 - (i + 100) * HOUR + MIN,
    outcome: "success" as const,
  }));
}

/** A task as ListExportTasks sends it at `now` (seed 003's ExportTask). */
export function cdnWireTask(t: CdnSimTask, now: number): Record<string, unknown> {
  const done = t.finishAt !== undefined && t.finishAt <= now;
  const status = done ? t.outcome : CDN_PENDING_STATUS;
  return {
    task_id: t.task_id,
    task_name: t.task_name,
    status,
    // Seed 003: "If a task's status is success, the response will include a download_link".
    ...(status === "success"
      ? { download_link: `https://cdn-export.example.com/statistics/${t.task_id}.zip` }
      : {}),
    create_time: t.create_time,
    update_time: done && t.finishAt !== undefined ? t.finishAt : t.create_time,
  };
}

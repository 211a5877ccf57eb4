/**
 * The CDN statistics export tasks as the app needs them (seed 003, api-notes "CDN statistics
 * export tasks"). Implemented by clients/cdn over HTTP. Kept apart from ports.ts so the CDN
 * feature can come and go without touching the ports every other feature shares.
 */

/** Statuses api-notes lists; others may come and are kept as they came (shown, never finished). */
export const EXPORT_FINISHED_STATUSES = ["success", "fail"] as const;
export type ExportFinishedStatus = (typeof EXPORT_FINISHED_STATUSES)[number];

export interface ExportTask {
  id: string;
  /** As CDN sent it; the seed's own example sends a number, which is kept as its digits. */
  name: string;
  /** `success` or `fail` per api-notes; anything else exactly as CDN sent it. */
  status: string;
  /** Only on success (seed 003); absent or unusable otherwise. */
  downloadLink?: string;
  /** ms since epoch. */
  createdAt: number;
  /** ms since epoch: when it last changed, i.e. when it finished for a finished task. */
  updatedAt: number;
}

export interface ExportTaskQuery {
  /** The API's `task_id` filter. */
  taskId?: string;
  /** The API's `task_name` filter (matching is the server's: exact, per the seed's wording). */
  taskName?: string;
  signal?: AbortSignal;
}

export interface CdnPort {
  /** Every export task (paged through), in the order CDN sent them (newest change first). */
  listExportTasks(query?: ExportTaskQuery): Promise<ExportTask[]>;
}

export function isExportFinished(
  t: ExportTask,
): t is ExportTask & { status: ExportFinishedStatus } {
  return (EXPORT_FINISHED_STATUSES as readonly string[]).includes(t.status);
}

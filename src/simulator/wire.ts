/**
 * OMS v2 wire shapes and error bodies as the simulator sends them.
 * Field names follow seed 002 (ShowSyncTask) and api-notes.md (SyncTaskInfo in ListSyncTasks).
 */

/** One task as ListSyncTasks returns it (api-notes.md `SyncTaskInfo`). */
export interface SyncTaskInfo {
  sync_task_id: string;
  src_cloud_type: string;
  src_region: string;
  src_bucket: string;
  create_time: number;
  last_start_time: number;
  dst_bucket: string;
  dst_region: string;
  description: string;
  /** SYNCHRONIZING or STOPPED per api-notes; other values are possible ("may grow over time"). */
  status: string;
  enable_kms: boolean;
  enable_metadata_migration: boolean;
  enable_restore: boolean;
  app_id: string | null;
  object_overwrite_mode: string;
  dst_storage_policy: string | null;
  consistency_check: string;
  source_cdn: null;
}

/** ShowSyncTask adds the month's counters (seed 002) and has no `source_cdn`. */
export interface ShowSyncTaskBody extends Omit<SyncTaskInfo, "source_cdn"> {
  monthly_acceptance_request: number;
  monthly_success_object: number;
  monthly_failure_object: number;
  monthly_skip_object: number;
  monthly_size: number;
}

export interface StatisticData {
  time_stamp: number;
  statistic_num: number;
}

export interface StatisticsBody {
  sync_task_id: string;
  statistic_time_type: "FIVE_MINUTES" | "ONE_HOUR";
  statistic_datas: Array<{ data_type: string; data: StatisticData[] }>;
}

export interface ErrorBody {
  error_code: string;
  error_msg: string;
}

/** What a route hands back to the server; the server serialises it (or a fault replaces it). */
export interface SimResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Error codes. The first four are from api-notes.md; the rest are inferred and marked so. */
export const ERR = {
  /** api-notes: "no resources found", sent as HTTP 400. */
  notFound: "OMS.1009",
  /** api-notes: invalid task ID. */
  badTaskId: "OMS.0054",
  /** api-notes: no OMS permission (403). Used for a project ID that is not the caller's. */
  forbidden: "OMS.0206",
  /** api-notes: service unavailable (503). */
  unavailable: "OMS.2004",
  /** Inferred: no public code for a bad query parameter was found; one constant so it is easy to fix. */
  badParam: "OMS.0001",
  /** APIGW.0308 is the gateway's throttling code (api-notes). */
  throttled: "APIGW.0308",
  /** Inferred from the gateway's usual answer for an unpublished API. */
  noSuchApi: "APIGW.0101",
  /** Inferred: "time range too large", for a statistics range over the points limit (opt-in). */
  rangeTooLarge: "OMS.0003",
} as const;

export function errorResponse(status: number, code: string, msg: string): SimResponse {
  const body: ErrorBody = { error_code: code, error_msg: msg };
  return { status, body };
}

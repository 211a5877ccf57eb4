/** The domain as the bot sees it, independent of any API's wire format. */

export const DATA_TYPES = ["REQUEST", "SUCCESS", "FAILURE", "SKIP", "SIZE"] as const;
export type DataType = (typeof DATA_TYPES)[number];

export const KNOWN_TASK_STATUSES = ["SYNCHRONIZING", "STOPPED"] as const;
export type KnownTaskStatus = (typeof KNOWN_TASK_STATUSES)[number];
/**
 * The statuses api-notes lists, typed, plus any other string: "task statuses may grow beyond
 * SYNCHRONIZING/STOPPED over time: keep unknown values, show them" (api-notes, "More OMS facts").
 * `string & {}` keeps the known ones offered by the editor instead of collapsing to `string`.
 */
export type TaskStatus = KnownTaskStatus | (string & {});

export function isKnownTaskStatus(s: string): s is KnownTaskStatus {
  return (KNOWN_TASK_STATUSES as readonly string[]).includes(s);
}

export interface MonthlyCounters {
  /** The month these counters are for: the month holding this time (ms). */
  queryTime: number;
  requested: number;
  succeeded: number;
  failed: number;
  skipped: number;
  bytes: number;
}

export interface SyncTask {
  id: string;
  status: TaskStatus;
  description: string;
  srcCloudType: string;
  srcRegion: string;
  srcBucket: string;
  dstRegion: string;
  dstBucket: string;
  /** ms since epoch */
  createTime: number;
  /** ms since epoch, null if never started */
  lastStartTime: number | null;
  enableKms: boolean;
  enableMetadataMigration: boolean;
  enableRestore: boolean;
  objectOverwriteMode: string | null;
  dstStoragePolicy: string | null;
  consistencyCheck: string | null;
  /** Only from ShowSyncTask. */
  monthly?: MonthlyCounters;
}

export interface StatPoint {
  /** ms since epoch, start of the interval */
  t: number;
  v: number;
}

export type Granularity = "FIVE_MINUTES" | "ONE_HOUR";

export const GRANULARITY_MS: Record<Granularity, number> = {
  FIVE_MINUTES: 5 * 60_000,
  ONE_HOUR: 60 * 60_000,
};

export interface TaskStatistics {
  taskId: string;
  /** The coarsest granularity seen across merged windows. */
  granularity: Granularity;
  start: number;
  end: number;
  /** Sorted by t, unique t. Only the types asked for are present. */
  series: Partial<Record<DataType, StatPoint[]>>;
}

/** A time range, ms since epoch, [start, end). */
export interface TimeRange {
  start: number;
  end: number;
}

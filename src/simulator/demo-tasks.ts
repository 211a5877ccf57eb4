/**
 * The demo tasks: six sync tasks whose IDs derive from the seed and whose lifetimes are anchored
 * to the clock at start (a real task's create_time does not move while you watch it).
 * Field values use the enumerations of seed 002 (src_cloud_type, object_overwrite_mode,
 * dst_storage_policy, consistency_check); regions are those api-notes.md lists for sync tasks.
 */
import { createHash } from "node:crypto";
import { hashString } from "./rng.ts";
import type { SyncTaskInfo } from "./wire.ts";

export const FIVE_MIN_MS = 5 * 60_000;
export const HOUR_MS = 60 * 60_000;
export const DAY_MS = 24 * HOUR_MS;

/** How a task's traffic behaves; read by series.ts. */
export interface TrafficProfile {
  /** Mean requested objects per 5 minutes at the daily peak; 0 = an idle task. */
  peakPerInterval: number;
  /** UTC hour (0–24) of the daily peak. */
  peakHourUtc: number;
  /** 0–1: how far the daily trough falls below the peak. */
  dayNightDepth: number;
  baseFailureRate: number;
  skipRate: number;
  /** Chance that a 2-hour block holds a failure burst. */
  burstChance: number;
  meanObjectBytes: number;
  /** A burst pinned to a window near start time, so "is it failing right now?" has a yes. */
  forcedBurst: { start: number; end: number } | null;
}

export interface SimTask {
  id: string;
  /** The description, which is also the name people type. */
  name: string;
  info: SyncTaskInfo;
  createTime: number;
  /** When a STOPPED task stopped; null while it runs. */
  stoppedAt: number | null;
  /** Per-task hash key for the traffic series. */
  key: number;
  profile: TrafficProfile;
  /**
   * Wire fields sent in place of `info`'s (a key set to undefined is left out), for tasks whose
   * answers are odd on purpose (odd-tasks.ts).
   */
  wire?: Record<string, unknown>;
}

export interface TaskBlueprint {
  name: string;
  src: [cloud: string, region: string, bucket: string];
  dst: [region: string, bucket: string];
  /** Days of history before start time; jitter adds up to an hour for the 60/45/30-day ones. */
  ageDays: number;
  exactAge?: boolean;
  stoppedDaysAgo?: number;
  restartedAfterDays?: number;
  appId?: string;
  enableKms?: boolean;
  enableMetadata?: boolean;
  enableRestore?: boolean;
  overwrite: string;
  storage: string | null;
  check: string;
  profile: Omit<TrafficProfile, "forcedBurst">;
  burstNow?: boolean;
}

const MIB = 1024 * 1024;

const BLUEPRINTS: TaskBlueprint[] = [
  {
    name: "nightly-backup",
    src: ["HuaweiCloud", "cn-north-4", "logs-prod"],
    dst: ["cn-east-3", "logs-archive"],
    ageDays: 60,
    overwrite: "SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE",
    storage: "IA",
    check: "size_last_modified",
    profile: {
      peakPerInterval: 420,
      peakHourUtc: 2,
      dayNightDepth: 0.92,
      baseFailureRate: 0.002,
      skipRate: 0.04,
      burstChance: 0.03,
      meanObjectBytes: 2 * MIB,
    },
  },
  {
    name: "media-sync",
    src: ["Aliyun", "cn-hangzhou", "media-assets"],
    dst: ["cn-north-4", "media-assets-hw"],
    ageDays: 60,
    enableKms: true,
    overwrite: "CRC64_COMPARISON_OVERWRITE",
    storage: "STANDARD",
    check: "crc64",
    burstNow: true,
    profile: {
      peakPerInterval: 260,
      peakHourUtc: 14,
      dayNightDepth: 0.7,
      baseFailureRate: 0.008,
      skipRate: 0.02,
      burstChance: 0.08,
      meanObjectBytes: 24 * MIB,
    },
  },
  {
    name: "tencent-images",
    src: ["Tencent", "ap-guangzhou", "img-origin-1250000000"],
    dst: ["cn-east-3", "images-cdn"],
    ageDays: 7,
    exactAge: true,
    appId: "1250000000",
    overwrite: "FULL_OVERWRITE",
    storage: "STANDARD",
    check: "crc64",
    profile: {
      peakPerInterval: 120,
      peakHourUtc: 9,
      dayNightDepth: 0.5,
      baseFailureRate: 0.004,
      skipRate: 0.01,
      burstChance: 0.04,
      meanObjectBytes: 600 * 1024,
    },
  },
  {
    name: "datalake-migration",
    src: ["AWS", "us-east-1", "datalake-raw"],
    dst: ["cn-north-4", "datalake-raw-cn"],
    ageDays: 45,
    stoppedDaysAgo: 2.137,
    restartedAfterDays: 10,
    enableMetadata: true,
    overwrite: "NO_OVERWRITE",
    storage: "SRC_STORAGE_MAPPING",
    check: "size_last_modified",
    profile: {
      peakPerInterval: 600,
      peakHourUtc: 18,
      dayNightDepth: 0.3,
      baseFailureRate: 0.005,
      skipRate: 0.35,
      burstChance: 0.05,
      meanObjectBytes: 8 * MIB,
    },
  },
  {
    name: "reports-dr",
    src: ["HuaweiCloud", "cn-east-3", "finance-reports"],
    dst: ["cn-southwest-2", "finance-reports-dr"],
    ageDays: 3,
    overwrite: "SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE",
    storage: "ARCHIVE",
    check: "size_last_modified",
    profile: {
      peakPerInterval: 0,
      peakHourUtc: 0,
      dayNightDepth: 0,
      baseFailureRate: 0,
      skipRate: 0,
      burstChance: 0,
      meanObjectBytes: 0,
    },
  },
  {
    name: "qiniu-video",
    src: ["Qiniu", "cn-east-1", "video-vod"],
    dst: ["cn-east-3", "video-vod-obs"],
    ageDays: 30,
    enableRestore: true,
    overwrite: "SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE",
    storage: "STANDARD",
    check: "size_last_modified",
    profile: {
      peakPerInterval: 70,
      peakHourUtc: 20,
      dayNightDepth: 0.6,
      baseFailureRate: 0.02,
      skipRate: 0.06,
      burstChance: 0.05,
      meanObjectBytes: 96 * MIB,
    },
  },
];

/** A UUID-shaped ID (version 4 layout) from the seed and the task's name. */
function taskId(seed: number, name: string): string {
  const h = createHash("sha256").update(`omsbot-sim:${seed}:${name}`).digest("hex");
  const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Builds the demo tasks. `startedAt` is the clock at simulator start; every anchor is derived
 * from its 5-minute floor so that traffic windows line up with statistics intervals.
 */
export function buildDemoTasks(seed: number, startedAt: number): SimTask[] {
  return BLUEPRINTS.map((bp) => buildTask(seed, startedAt, bp));
}

/**
 * `count` more tasks (`bulk-001`, `bulk-002`, …) for tests and benches of digests and alert
 * rounds over many tasks: the first demo task's shape with their own IDs and traffic.
 */
export function buildBulkTasks(seed: number, startedAt: number, count: number): SimTask[] {
  const [shape] = BLUEPRINTS;
  if (!shape || count <= 0) return [];
  return Array.from({ length: count }, (_, i) => {
    const name = `bulk-${String(i + 1).padStart(3, "0")}`;
    return buildTask(seed, startedAt, {
      ...shape,
      name,
      src: [shape.src[0], shape.src[1], `${name}-src`],
      dst: [shape.dst[0], `${name}-dst`],
    });
  });
}

/** One task from its blueprint, anchored like the demo tasks (see buildDemoTasks). */
export function buildTask(seed: number, startedAt: number, bp: TaskBlueprint): SimTask {
  const base = Math.floor(startedAt / FIVE_MIN_MS) * FIVE_MIN_MS;
  const id = taskId(seed, bp.name);
  const key = hashString(id);
  const jitter = bp.exactAge ? 0 : (key % HOUR_MS) + 1;
  const createTime = base - bp.ageDays * DAY_MS - jitter;
  const stoppedAt =
    bp.stoppedDaysAgo === undefined ? null : base - Math.round(bp.stoppedDaysAgo * DAY_MS);
  const lastStart =
    bp.restartedAfterDays === undefined ? createTime : createTime + bp.restartedAfterDays * DAY_MS;
  const info: SyncTaskInfo = {
    sync_task_id: id,
    src_cloud_type: bp.src[0],
    src_region: bp.src[1],
    src_bucket: bp.src[2],
    create_time: createTime,
    last_start_time: lastStart,
    dst_bucket: bp.dst[1],
    dst_region: bp.dst[0],
    description: bp.name,
    status: stoppedAt === null ? "SYNCHRONIZING" : "STOPPED",
    enable_kms: bp.enableKms ?? false,
    enable_metadata_migration: bp.enableMetadata ?? false,
    enable_restore: bp.enableRestore ?? false,
    app_id: bp.appId ?? null,
    object_overwrite_mode: bp.overwrite,
    dst_storage_policy: bp.storage,
    consistency_check: bp.check,
    source_cdn: null,
  };
  const forcedBurst = bp.burstNow ? { start: base - 40 * 60_000, end: base + 2 * HOUR_MS } : null;
  return {
    id,
    name: bp.name,
    info,
    createTime,
    stoppedAt,
    key,
    profile: { ...bp.profile, forcedBurst },
  };
}

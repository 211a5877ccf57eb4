/** Builders for the alert and digest tests: a task, a rule, five-minute statistics. */
import type { AlertRule } from "../../src/core/alert-model.ts";
import type { AlertCondition } from "../../src/core/command.ts";
import type { DataType, StatPoint, SyncTask, TaskStatistics } from "../../src/core/domain.ts";

export const M = 60_000;
export const M5 = 5 * M;
export const H = 60 * M;
/** 2026-11-22 12:00 UTC, on a five-minute boundary. */
export const NOW = Date.UTC(2026, 10, 22, 12, 0);

export function task(over: Partial<SyncTask> = {}): SyncTask {
  return {
    id: "t-1",
    status: "SYNCHRONIZING",
    description: "nightly-backup",
    srcCloudType: "AWS",
    srcRegion: "us-east-1",
    srcBucket: "src",
    dstRegion: "cn-north-4",
    dstBucket: "dst",
    createTime: NOW - 30 * 24 * H,
    lastStartTime: NOW - 10 * 24 * H,
    enableKms: false,
    enableMetadataMigration: false,
    enableRestore: false,
    objectOverwriteMode: null,
    dstStoragePolicy: null,
    consistencyCheck: null,
    ...over,
  };
}

export function rule(condition: AlertCondition, over: Partial<AlertRule> = {}): AlertRule {
  return {
    id: "r-1",
    target: { all: false, taskId: "t-1", taskName: "nightly-backup" },
    condition,
    channelId: "C1",
    repeatMs: H,
    createdBy: "U1",
    createdAt: NOW - 24 * H,
    ...over,
  };
}

/**
 * Statistics over [end - span, end): each type's value per interval from `values`, keyed by the
 * interval's start in minutes before `end` (e.g. `{ FAILURE: { 5: 3 } }` = 3 failures in the
 * interval that starts 5 minutes before `end`). Points not given are absent (missing points).
 */
export function stats(
  values: Partial<Record<DataType, Record<number, number>>>,
  opts: { end?: number; span?: number; dense?: boolean } = {},
): TaskStatistics {
  const end = opts.end ?? NOW;
  const span = opts.span ?? 2 * H;
  const series: Partial<Record<DataType, StatPoint[]>> = {};
  for (const [type, byMinute] of Object.entries(values) as [DataType, Record<number, number>][]) {
    const points: StatPoint[] = [];
    for (let t = end - span; t < end; t += M5) {
      const v = byMinute[(end - t) / M];
      if (v !== undefined) points.push({ t, v });
      else if (opts.dense) points.push({ t, v: 0 });
    }
    series[type] = points;
  }
  return { taskId: "t-1", granularity: "FIVE_MINUTES", start: end - span, end, series };
}

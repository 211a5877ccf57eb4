/**
 * The simulator's SenseCore ADS data-sync tasks (seed 004 field names): one in every state the
 * seed lists plus one it does not, one that progresses with the clock, one that fails a few
 * minutes after it starts, and a third-party import whose `src_third_info` holds canary keys.
 * Each is a function of "now", so a test that moves the clock sees the tasks move.
 */

/** Secrets that must never leave the ADS client: tests look for these strings everywhere. */
export const ADS_CANARY_AK = "CANARYak0ADS0third0party0x7f3e9b";
export const ADS_CANARY_SK = "CANARYsk0ADS0third0party0xd41c0a";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface AdsSimTimeFormat {
  /** How start/end/create are sent: unit unknown in seed 004, so the client is tested under both. */
  times: "seconds" | "milliseconds";
  /** proto3 JSON sends int64 as a string; the seed's example shows numbers. Both are tried. */
  int64: "number" | "string";
}

/** What a task is at one instant; the wire body is built from it. */
interface Snapshot {
  state: string;
  percent: number;
  total: number;
  complete: number;
  exist: number;
  start: number | null;
  end: number | null;
  errMsg: string;
  rate: string;
}

interface AdsSimTask {
  id: string;
  name: string;
  type: string;
  created: number;
  sizeUnit: string;
  size: number;
  src: { name: string; prefix: string; region: string };
  dst: { name: string; prefix: string; region: string };
  third: boolean;
  at(now: number): Snapshot;
}

function linear(start: number, durationMs: number, now: number): number {
  return Math.max(0, Math.min(100, ((now - start) / durationMs) * 100));
}

function still(s: Partial<Snapshot> & Pick<Snapshot, "state" | "percent" | "total">): Snapshot {
  return {
    complete: Math.round((s.total * s.percent) / 100),
    exist: 0,
    start: null,
    end: null,
    errMsg: "",
    rate: "0B/s",
    ...s,
  };
}

/** The tasks, anchored at `t0` (the simulator's start). `extraNames`: more DOING tasks. */
export function buildAdsTasks(t0: number, extraNames: readonly string[] = []): AdsSimTask[] {
  const path = (name: string, prefix = "", region = "cn-sh-01") => ({ name, prefix, region });
  const trainStart = t0 - 3 * HOUR;
  const failStart = t0 - 2 * MIN;
  const tasks: AdsSimTask[] = [
    {
      id: "ads-7a1c0e52-train",
      name: "imagenet-train-sync",
      type: "AOSSTOFS",
      created: trainStart - 10 * MIN,
      sizeUnit: "TB",
      size: 1.4,
      src: path("aoss-imagenet", "train/"),
      dst: path("fs-train-01", "/datasets/imagenet/"),
      third: false,
      // Twelve hours end to end: a test moving the clock sees percent and files grow, then finish.
      at(now) {
        const percent = linear(trainStart, 12 * HOUR, now);
        const done = percent >= 100;
        return still({
          state: done ? "COMPLETED" : "DOING",
          percent: Math.round(percent * 10) / 10,
          total: 1_281_167,
          start: trainStart,
          end: done ? trainStart + 12 * HOUR : null,
          rate: done ? "0B/s" : "33.2MB/s",
        });
      },
    },
    {
      id: "ads-91f0b3d4-export",
      name: "fs-export-checkpoints",
      type: "FSTOAOSS",
      created: failStart - MIN,
      sizeUnit: "GB",
      size: 820,
      src: path("fs-train-01", "/ckpt/"),
      dst: path("aoss-ckpt", "export/"),
      third: false,
      // Fails five minutes after it starts (a permission error on the destination).
      at(now) {
        const failAt = failStart + 5 * MIN;
        const percent = Math.round(linear(failStart, 60 * MIN, Math.min(now, failAt)) * 10) / 10;
        return still({
          state: now < failAt ? "DOING" : "FAILED",
          percent,
          total: 42_000,
          start: failStart,
          end: now < failAt ? null : failAt,
          errMsg: now < failAt ? "" : "PutObject denied: bucket aoss-ckpt is read-only (403)",
          rate: now < failAt ? "12.0MB/s" : "0B/s",
        });
      },
    },
    {
      id: "ads-3c55d210-oss",
      name: "oss-import-raw",
      type: "THIRDTOAOSS",
      created: t0 - 2 * DAY,
      sizeUnit: "TB",
      size: 3.2,
      src: path("", ""),
      dst: path("aoss-raw", "oss/"),
      third: true,
      // Stuck: DOING, but the counts have not moved for a day (the `stalled` alert's case).
      at: () =>
        still({ state: "DOING", percent: 62, total: 900_000, exist: 1_204, start: t0 - 2 * DAY }),
    },
    {
      id: "ads-0d9e4471-scan",
      name: "laion-scan",
      type: "AOSSTOAOSS",
      created: t0 - 20 * MIN,
      sizeUnit: "B",
      size: 0,
      src: path("aoss-laion", "parts/"),
      dst: path("aoss-laion-copy", ""),
      third: false,
      at: () => still({ state: "SCANNING", percent: 0, total: 0, start: t0 - 15 * MIN }),
    },
    {
      id: "ads-5b2f8c90-pause",
      name: "ckpt-backup",
      type: "FSTOFS",
      created: t0 - 5 * HOUR,
      sizeUnit: "GB",
      size: 96.5,
      src: path("fs-train-01", "/ckpt/"),
      dst: path("fs-backup-02", "/ckpt/"),
      third: false,
      at: () => still({ state: "PAUSED", percent: 37, total: 5_000, start: t0 - 5 * HOUR }),
    },
    {
      id: "ads-e6a4172b-coco",
      name: "coco-mirror",
      type: "AOSSTOAOSS",
      created: t0 - 3 * DAY,
      sizeUnit: "GB",
      size: 25.3,
      src: path("aoss-coco", ""),
      dst: path("aoss-coco-bj", "", "cn-bj-01"),
      third: false,
      at: () =>
        still({
          state: "COMPLETED",
          percent: 100,
          total: 123_403,
          exist: 12,
          start: t0 - 3 * DAY,
          end: t0 - 3 * DAY + 3 * HOUR,
        }),
    },
    {
      id: "ads-c1d07a3f-cancel",
      name: "old-archive",
      type: "FSTOAOSS",
      created: t0 - 9 * DAY,
      sizeUnit: "TB",
      size: 12,
      src: path("fs-archive", "/"),
      dst: path("aoss-archive", ""),
      third: false,
      at: () =>
        still({
          state: "CANCELLED",
          percent: 8,
          total: 2_000_000,
          start: t0 - 9 * DAY,
          end: t0 - 8 * DAY,
        }),
    },
    {
      id: "ads-44b8e9aa-verify",
      name: "verify-pass",
      type: "AOSSTOFS",
      created: t0 - HOUR,
      sizeUnit: "MB",
      size: 640,
      src: path("aoss-small", ""),
      dst: path("fs-train-01", "/small/"),
      third: false,
      // A state seed 004 does not list: the bot must show it as it came.
      at: () => still({ state: "VERIFYING", percent: 99, total: 10_000, start: t0 - HOUR }),
    },
  ];
  extraNames.forEach((name, i) => {
    tasks.push({
      id: `ads-ee${String(i).padStart(6, "0")}-extra`,
      name,
      type: "AOSSTOAOSS",
      created: t0 - HOUR,
      sizeUnit: "GB",
      size: 1,
      src: path(`aoss-${i}`, ""),
      dst: path(`aoss-${i}-copy`, ""),
      third: false,
      at: () => still({ state: "DOING", percent: 50, total: 100, start: t0 - HOUR }),
    });
  });
  return tasks;
}

/** Finished over a day ago: what `is_history` asks for (ASSUMED meaning; seed 004: "是否是历史任务"). */
export function isHistoryTask(task: AdsSimTask, now: number): boolean {
  const s = task.at(now);
  return s.end !== null && now - s.end > DAY;
}

/** The seed 004 wire body of one task at `now`. */
export function adsTaskWire(task: AdsSimTask, now: number, fmt: AdsSimTimeFormat) {
  const s = task.at(now);
  const int = (v: number) => (fmt.int64 === "string" ? String(v) : v);
  const time = (ms: number | null) =>
    int(ms === null ? 0 : fmt.times === "seconds" ? Math.floor(ms / 1000) : ms);
  const info = (p: AdsSimTask["src"]) => ({
    id: p.name ? `id-${p.name}` : "",
    region: p.region,
    prefix: p.prefix,
    name: p.name,
    endpoint: p.name ? `https://${p.name}.aoss.${p.region}.example` : "",
    zone: `${p.region}a`,
  });
  const elapsed = s.start === null ? 0 : Math.max(0, (s.end ?? now) - s.start);
  return {
    task_id: task.id,
    task_name: task.name,
    uid: "ads-sim-uid-0001",
    user_id: "ads-sim-user",
    tenant_id: "ads-sim-tenant",
    type: task.type,
    state: s.state,
    src_info: task.third ? [] : [info(task.src)],
    dst_info: info(task.dst),
    size_unit: task.sizeUnit,
    size: task.size,
    start: time(s.start),
    end: time(s.end),
    percent: s.percent,
    rate: s.rate,
    time_cost: `${Math.floor(elapsed / HOUR)}h${Math.floor((elapsed % HOUR) / MIN)}m`,
    create: time(task.created),
    src_third_info: task.third
      ? {
          type: "OSS",
          host: "oss-cn-hangzhou.aliyuncs.com",
          ak: ADS_CANARY_AK,
          sk: ADS_CANARY_SK,
          path: "raw-bucket/2026/",
        }
      : null,
    err_msg: s.errMsg,
    total_num: int(s.total),
    complete_num: int(s.complete),
    exist_num: int(s.exist),
  };
}

export type { AdsSimTask };

/** OMS v2 sync tasks over HTTP (api-notes "OMS v2"; seeds 000–002). Implements OmsPort. */
import type { Logger } from "pino";
import type { OmsPort } from "../../app/ports.ts";
import type { DataType, SyncTask, TaskStatistics, TaskStatus } from "../../core/domain.ts";
import { OmsbotError } from "../../errors.ts";
import { mapLimit } from "../../util/map-limit.ts";
import { JsonClient, type JsonClientOptions } from "../http/json-client.ts";
import { mapOmsError } from "./errors.ts";
import {
  listSyncTasksSchema,
  type ShowSyncTaskAnswer,
  type SyncTaskInfo,
  showSyncTaskSchema,
  statisticsSchema,
} from "./schemas.ts";
import { mergeWindows, splitRange, WINDOW_MS, type WindowAnswer } from "./windows.ts";

/** ListSyncTasks: limit 1–100, offset 0–10000 (api-notes). */
const PAGE_SIZE = 100;
const MAX_OFFSET = 10_000;

/** The JSON client's options (auth, pool, timeouts, clock) plus what is OMS's own. */
export interface OmsClientOptions extends Omit<JsonClientOptions, "service" | "mapError"> {
  /** e.g. https://oms.cn-north-4.myhuaweicloud.com, no trailing slash */
  endpoint: string;
  projectId: string;
  /** Windows of a long statistics range fetched at once. */
  concurrency?: number;
  /** Tasks per list page (1–100); smaller only in tests of the paging. */
  pageSize?: number;
  /** Length of one statistics window; longer only in tests of hourly answers. */
  windowMs?: number;
}

export class OmsClient implements OmsPort {
  private readonly http: JsonClient;
  private readonly base: string;
  private readonly concurrency: number;
  private readonly pageSize: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(o: OmsClientOptions) {
    const { endpoint, projectId, concurrency, pageSize, windowMs, ...http } = o;
    this.base = `${endpoint.replace(/\/+$/, "")}/v2/${encodeURIComponent(projectId)}`;
    this.concurrency = concurrency ?? 4;
    this.pageSize = pageSize ?? PAGE_SIZE;
    this.windowMs = windowMs ?? WINDOW_MS;
    this.now = o.now ?? Date.now;
    this.logger = o.logger;
    this.http = new JsonClient({ ...http, service: "OMS", mapError: mapOmsError });
  }

  private url(path: string, query: Record<string, string | number | undefined> = {}): URL {
    const url = new URL(`${this.base}${path}`);
    for (const [k, v] of Object.entries(query))
      if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  async listSyncTasks(
    opts: { status?: TaskStatus; signal?: AbortSignal } = {},
  ): Promise<SyncTask[]> {
    const page = (offset: number) =>
      this.http.send({
        method: "GET",
        url: this.url("/sync-tasks", { limit: this.pageSize, offset, status: opts.status }),
        idempotent: true,
        schema: listSyncTasksSchema,
        what: "sync task list",
        signal: opts.signal,
      });
    const first = await page(0);
    const offsets: number[] = [];
    const step = this.pageSize;
    for (let off = step; off < first.count && off <= MAX_OFFSET; off += step) offsets.push(off);
    if (first.count > MAX_OFFSET + step) {
      this.logger.warn(
        { count: first.count },
        "OMS lists at most 10,100 tasks (offset ≤ 10000); the rest are not shown",
      );
    }
    const rest = await mapLimit(offsets, this.concurrency, page);
    const seen = new Set<string>();
    const tasks: SyncTask[] = [];
    for (const info of [first, ...rest].flatMap((p) => p.tasks)) {
      // A task created or deleted while paging shifts the pages; keep each task once.
      if (seen.has(info.sync_task_id)) continue;
      seen.add(info.sync_task_id);
      tasks.push(toSyncTask(info));
    }
    return tasks;
  }

  async showSyncTask(
    id: string,
    opts: { queryTime?: number; signal?: AbortSignal } = {},
  ): Promise<SyncTask> {
    const queryTime = opts.queryTime ?? this.now();
    const answer = await this.http.send({
      method: "GET",
      url: this.url(`/sync-tasks/${encodeURIComponent(id)}`, { query_time: queryTime }),
      idempotent: true,
      schema: showSyncTaskSchema,
      what: `sync task \`${id}\``,
      signal: opts.signal,
    });
    return { ...toSyncTask(answer), monthly: monthly(answer, queryTime) };
  }

  async getStatistics(
    id: string,
    types: readonly DataType[],
    start: number,
    end: number,
    opts: { signal?: AbortSignal } = {},
  ): Promise<TaskStatistics> {
    if (types.length === 0)
      throw new OmsbotError("INTERNAL", "No statistics types were asked for.");
    if (!(end > start)) {
      throw new OmsbotError("BAD_RANGE", "The end of the range must be after its start.", {
        detail: `start=${start} end=${end}`,
      });
    }
    const windows = splitRange(start, end, this.windowMs);
    const answers = await mapLimit(windows, this.concurrency, async (w): Promise<WindowAnswer> => {
      const a = await this.http.send({
        method: "GET",
        url: this.url(`/sync-tasks/${encodeURIComponent(id)}/statistics`, {
          data_type: types.join(","),
          // Sent as digits: the page types them String, the SDKs number (api-notes).
          start_time: Math.floor(w.start),
          end_time: Math.floor(w.end),
        }),
        idempotent: true,
        schema: statisticsSchema,
        what: `sync task \`${id}\``,
        signal: opts.signal,
      });
      const series: WindowAnswer["series"] = {};
      for (const d of a.statistic_datas) {
        series[d.data_type] = d.data.map((p) => ({ t: p.time_stamp, v: p.statistic_num }));
      }
      return { granularity: a.statistic_time_type, series };
    });
    return mergeWindows(id, types, start, end, answers);
  }
}

function toSyncTask(i: SyncTaskInfo): SyncTask {
  return {
    id: i.sync_task_id,
    status: i.status,
    description: i.description ?? "",
    srcCloudType: i.src_cloud_type ?? "",
    srcRegion: i.src_region ?? "",
    srcBucket: i.src_bucket ?? "",
    dstRegion: i.dst_region ?? "",
    dstBucket: i.dst_bucket ?? "",
    createTime: i.create_time ?? 0,
    lastStartTime: i.last_start_time ?? null,
    enableKms: i.enable_kms ?? false,
    enableMetadataMigration: i.enable_metadata_migration ?? false,
    enableRestore: i.enable_restore ?? false,
    objectOverwriteMode: i.object_overwrite_mode ?? null,
    dstStoragePolicy: i.dst_storage_policy ?? null,
    consistencyCheck: i.consistency_check ?? null,
  };
}

function monthly(a: ShowSyncTaskAnswer, queryTime: number): SyncTask["monthly"] {
  return {
    queryTime,
    requested: a.monthly_acceptance_request ?? 0,
    succeeded: a.monthly_success_object ?? 0,
    failed: a.monthly_failure_object ?? 0,
    skipped: a.monthly_skip_object ?? 0,
    bytes: a.monthly_size ?? 0,
  };
}

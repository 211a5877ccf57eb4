/** OMS v2 sync tasks over HTTP (api-notes "OMS v2"; seeds 000–002). Implements OmsPort. */
import type { Logger } from "pino";
import type { OmsPort } from "../../app/ports.ts";
import {
  DATA_TYPES,
  type DataType,
  type SyncTask,
  type TaskStatistics,
  type TaskStatus,
} from "../../core/domain.ts";
import { mrkdwnCode } from "../../core/format.ts";
import { isOmsbotError, OmsbotError } from "../../errors.ts";
import { mapLimit } from "../../util/map-limit.ts";
import { JsonClient, type JsonClientOptions } from "../http/json-client.ts";
import { isRangeTooLarge, mapOmsError } from "./errors.ts";
import {
  listSyncTasksSchema,
  type ShowSyncTaskAnswer,
  type StatisticsAnswer,
  type SyncTaskInfo,
  showSyncTaskSchema,
  statisticsSchema,
  syncTaskInfoSchema,
} from "./schemas.ts";
import {
  halveWindow,
  mergeWindows,
  splitRange,
  WINDOW_MS,
  type Window,
  type WindowAnswer,
} from "./windows.ts";

/** ListSyncTasks: limit 1–100, offset 0–10000 (api-notes). */
const PAGE_SIZE = 100;
const MAX_OFFSET = 10_000;
/**
 * Halvings of one statistics window a 400 OMS.0003 ("time range too large") may ask for: five
 * turn a 1000-interval window into at most 32 requests of ~31 intervals, far below any limit a
 * server could plausibly keep, so a server that refuses even those is refusing something else.
 */
const MAX_SPLIT_DEPTH = 5;

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
    const page = async (offset: number) => {
      const answer = await this.http.send({
        method: "GET",
        url: this.url("/sync-tasks", { limit: this.pageSize, offset, status: opts.status }),
        idempotent: true,
        schema: listSyncTasksSchema,
        what: "the sync task list",
        signal: opts.signal,
      });
      return { offset, count: answer.count, items: answer.tasks };
    };
    const first = await page(0);
    const step = this.pageSize;
    // The last offset OMS accepts (api-notes: offset 0–10000), and how far its page reaches.
    const lastOffset = Math.floor(MAX_OFFSET / step) * step;
    const reachable = lastOffset + step;
    if (first.count > reachable) {
      this.logger.warn(
        { count: first.count, reachable },
        "OMS counts more sync tasks than its paging can reach (offset ≤ 10000); the rest are not shown",
      );
    }
    const offsets: number[] = [];
    for (let off = step; off < Math.min(first.count, reachable); off += step) offsets.push(off);
    const pages = [first];
    // In rounds of `concurrency` pages, stopping after an empty page: the list really ends
    // there, so a `count` that overstates it (10^9) costs one round, not thousands of pages.
    // (Not after a short page: a server that caps `limit` below ours sends short pages throughout.)
    for (let i = 0; i < offsets.length && !pages.some((p) => p.items.length === 0); ) {
      const round = offsets.slice(i, i + this.concurrency);
      i += round.length;
      pages.push(...(await Promise.all(round.map(page))));
    }
    const seen = new Set<string>();
    const tasks: SyncTask[] = [];
    for (const p of pages) {
      p.items.forEach((item, index) => {
        const info = this.readTaskInfo(item, p.offset + index);
        // A task created or deleted while paging shifts the pages; keep each task once.
        if (!info || seen.has(info.sync_task_id)) return;
        seen.add(info.sync_task_id);
        tasks.push(toSyncTask(info));
      });
    }
    return tasks;
  }

  /** One list item, or undefined (logged once) when it cannot be read: the others still count. */
  private readTaskInfo(item: unknown, offset: number): SyncTaskInfo | undefined {
    const parsed = syncTaskInfoSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    const id =
      typeof item === "object" && item !== null && "sync_task_id" in item
        ? item.sync_task_id
        : undefined;
    const issue = parsed.error.issues[0];
    this.logger.warn(
      {
        ...(typeof id === "string" && id !== "" ? { taskId: id } : { offset }),
        field: issue ? issue.path.join(".") || "(item)" : "(item)",
        problem: issue?.message,
      },
      "skipped a sync task OMS listed in a shape the bot cannot read",
    );
    return undefined;
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
      what: `sync task ${mrkdwnCode(id)}`,
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
    const unknownTypes = new Set<string>();
    const windows = splitRange(start, end, this.windowMs);
    const answers = await mapLimit(windows, this.concurrency, (w) =>
      this.fetchWindow(id, types, w, 0, unknownTypes, opts.signal),
    );
    if (unknownTypes.size > 0) {
      this.logger.warn(
        { taskId: id, dataTypes: [...unknownTypes] },
        "OMS sent statistics of a data type the bot does not know; they were skipped",
      );
    }
    return mergeWindows(id, types, start, end, answers.flat());
  }

  /** One window's answer, or its halves' when OMS finds the window too large (400 OMS.0003). */
  private async fetchWindow(
    id: string,
    types: readonly DataType[],
    w: Window,
    depth: number,
    unknownTypes: Set<string>,
    signal: AbortSignal | undefined,
  ): Promise<WindowAnswer[]> {
    let a: StatisticsAnswer;
    try {
      a = await this.requestWindow(id, types, w, signal);
    } catch (e) {
      const halves = isOmsbotError(e) && isRangeTooLarge(e) ? halveWindow(w) : null;
      if (!halves || depth >= MAX_SPLIT_DEPTH) throw e;
      this.logger.debug({ taskId: id, ...w, depth }, "OMS found the window too large; halving it");
      const out: WindowAnswer[] = [];
      // One half after the other: the split stays inside the concurrency the caller chose.
      for (const half of halves) {
        out.push(...(await this.fetchWindow(id, types, half, depth + 1, unknownTypes, signal)));
      }
      return out;
    }
    const series: WindowAnswer["series"] = {};
    for (const d of a.statistic_datas) {
      const type = DATA_TYPES.find((t) => t === d.data_type);
      if (!type) {
        unknownTypes.add(d.data_type);
        continue;
      }
      series[type] = d.data.map((p) => ({ t: p.time_stamp, v: p.statistic_num }));
    }
    return [{ granularity: a.statistic_time_type, series }];
  }

  private requestWindow(
    id: string,
    types: readonly DataType[],
    w: Window,
    signal: AbortSignal | undefined,
  ): Promise<StatisticsAnswer> {
    return this.http.send({
      method: "GET",
      url: this.url(`/sync-tasks/${encodeURIComponent(id)}/statistics`, {
        data_type: types.join(","),
        // Sent as digits: the page types them String, the SDKs number (api-notes).
        start_time: Math.floor(w.start),
        end_time: Math.floor(w.end),
      }),
      idempotent: true,
      schema: statisticsSchema,
      what: `sync task ${mrkdwnCode(id)}`,
      signal,
    });
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

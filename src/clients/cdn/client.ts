/**
 * CDN statistics export tasks over HTTP: `GET /v1/cdn/statistics/export-tasks` (seed 003;
 * api-notes "CDN statistics export tasks"), signed at the domain level (clients/auth/domain-aksk).
 * Implements CdnPort.
 */
import type { Logger } from "pino";
import type { CdnPort, ExportTask, ExportTaskQuery } from "../../app/cdn-port.ts";
import { JsonClient, type JsonClientOptions } from "../http/json-client.ts";
import { mapCdnError } from "./errors.ts";
import { type ExportTaskInfo, exportTaskSchema, listExportTasksSchema } from "./schemas.ts";

export const EXPORT_TASKS_PATH = "/v1/cdn/statistics/export-tasks";

/**
 * The seed leaves `limit`'s range blank; 100 is the usual Huawei cap. Pages are walked by the
 * number of items actually received, so a server that caps `limit` lower loses nothing.
 */
const PAGE_SIZE = 100;
/** A `total` that overstates the list (or a server ignoring `offset`) costs this many pages at most. */
const MAX_PAGES = 50;

export interface CdnClientOptions extends Omit<JsonClientOptions, "service" | "mapError"> {
  /** e.g. https://cdn.myhuaweicloud.com (CDN_ENDPOINT), no trailing slash needed. */
  endpoint: string;
  /** Tasks per page; smaller only in tests of the paging. */
  pageSize?: number;
}

export class CdnClient implements CdnPort {
  private readonly http: JsonClient;
  private readonly base: string;
  private readonly pageSize: number;
  private readonly logger: Logger;

  constructor(o: CdnClientOptions) {
    const { endpoint, pageSize, ...http } = o;
    this.base = endpoint.replace(/\/+$/, "");
    this.pageSize = pageSize ?? PAGE_SIZE;
    this.logger = o.logger;
    this.http = new JsonClient({ ...http, service: "CDN", mapError: mapCdnError });
  }

  async listExportTasks(query: ExportTaskQuery = {}): Promise<ExportTask[]> {
    const seen = new Set<string>();
    const tasks: ExportTask[] = [];
    let offset = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = new URL(`${this.base}${EXPORT_TASKS_PATH}`);
      url.searchParams.set("limit", String(this.pageSize));
      url.searchParams.set("offset", String(offset));
      // The page marks both filters mandatory, the Python SDK optional (api-notes): sent only
      // when asked for, since an empty value would filter everything out.
      if (query.taskId) url.searchParams.set("task_id", query.taskId);
      if (query.taskName) url.searchParams.set("task_name", query.taskName);
      const answer = await this.http.send({
        method: "GET",
        url,
        idempotent: true,
        schema: listExportTasksSchema,
        what: "the CDN export task list",
        signal: query.signal,
      });
      const items = answer.data ?? [];
      items.forEach((item, index) => {
        const info = this.readItem(item, offset + index);
        // A task created while paging shifts the pages; keep each task once.
        if (!info || seen.has(info.task_id)) return;
        seen.add(info.task_id);
        tasks.push(toExportTask(info));
      });
      offset += items.length;
      if (items.length === 0 || offset >= answer.total) return tasks;
    }
    this.logger.warn(
      { pages: MAX_PAGES, read: tasks.length },
      "CDN export task list still not at its total after the page limit; the rest are not shown",
    );
    return tasks;
  }

  /** One list item, or undefined (logged) when it cannot be read: the others still count. */
  private readItem(item: unknown, offset: number): ExportTaskInfo | undefined {
    const parsed = exportTaskSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    const id =
      typeof item === "object" && item !== null && "task_id" in item ? item.task_id : undefined;
    const issue = parsed.error.issues[0];
    this.logger.warn(
      {
        ...(typeof id === "string" && id !== "" ? { exportTaskId: id } : { offset }),
        field: issue ? issue.path.join(".") || "(item)" : "(item)",
        problem: issue?.message,
      },
      "skipped a CDN export task in a shape the bot cannot read",
    );
    return undefined;
  }
}

function toExportTask(i: ExportTaskInfo): ExportTask {
  const link = i.download_link && /^https?:\/\//i.test(i.download_link) ? i.download_link : null;
  return {
    id: i.task_id,
    name: i.task_name ?? "",
    status: i.status,
    ...(link ? { downloadLink: link } : {}),
    createdAt: i.create_time,
    updatedAt: i.update_time,
  };
}

/** SenseCore ADS data-sync tasks over HTTP (seed 004; api-notes "SenseCore ADS"). Implements AdsPort. */
import type { Logger } from "pino";
import type { AdsPort } from "../../app/ads-port.ts";
import type { AdsTask } from "../../core/ads-domain.ts";
import { isOmsbotError, OmsbotError } from "../../errors.ts";
import { JsonClient, type JsonClientOptions } from "../http/json-client.ts";
import { ADS_SERVICE, ADS_UNAVAILABLE_MESSAGE, mapAdsError } from "./errors.ts";
import { adsListSchema, adsTaskSchema } from "./schemas.ts";

/**
 * UNCONFIRMED: seed 004 names the call ("枚举同步任务列表") and its body but not its method or
 * path suffix. The body and the google.rpc.Status errors are the marks of a gRPC gateway, whose
 * custom-method convention this follows (api-notes). Change it here if ADS says otherwise.
 */
export const ADS_LIST_TASKS = { method: "POST", suffix: "/tasks:list" } as const;

/**
 * UNCONFIRMED: seed 004 gives the keyword fields only as "关键字:任务名称" / "关键字:任务类型",
 * not their JSON names; these are our guess, in one place.
 */
export const ADS_KEYWORD_FIELDS = { name: "task_name", type: "task_type" } as const;

/** UNCONFIRMED whether pages count from 0 or 1 (the seed's example shows 0); we ask from 1. */
export const ADS_FIRST_PAGE = 1;
const PAGE_SIZE = 100;
/** A `total` that never comes within reach (a server bug) must not loop for ever. */
const MAX_PAGES = 200;

export interface AdsClientOptions extends Omit<JsonClientOptions, "service" | "mapError"> {
  /** ADS_ENDPOINT, no trailing slash needed. */
  endpoint: string;
  subscription: string;
  resourceGroup: string;
  zone: string;
  /** ADS_DATA_SYNC: the data-sync tool resource (seed 004: ≤ 63 chars, `^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$`). */
  dataSync: string;
  /** Tasks per page; smaller only in tests of the paging. */
  pageSize?: number;
}

export class AdsClient implements AdsPort {
  private readonly http: JsonClient;
  private readonly base: string;
  private readonly pageSize: number;
  private readonly logger: Logger;

  constructor(o: AdsClientOptions) {
    const { endpoint, subscription, resourceGroup, zone, dataSync, pageSize, ...http } = o;
    const seg = encodeURIComponent;
    // api-notes: {ADS_ENDPOINT}/storage/ads/v1/subscriptions/{s}/resourceGroups/{rg}/zones/{z}/dataSync/{name}
    this.base = `${endpoint.replace(/\/+$/, "")}/storage/ads/v1/subscriptions/${seg(subscription)}/resourceGroups/${seg(resourceGroup)}/zones/${seg(zone)}/dataSync/${seg(dataSync)}`;
    this.pageSize = pageSize ?? PAGE_SIZE;
    this.logger = o.logger;
    this.http = new JsonClient({ ...http, service: ADS_SERVICE, mapError: mapAdsError });
  }

  async listTasks(
    opts: {
      history?: boolean;
      nameKeyword?: string;
      typeKeyword?: string;
      signal?: AbortSignal;
    } = {},
  ): Promise<AdsTask[]> {
    const tasks = new Map<string, AdsTask>();
    let skipped = 0;
    for (let i = 0; i < MAX_PAGES; i++) {
      const page = ADS_FIRST_PAGE + i;
      const answer = await this.page(page, opts);
      const items = answer.data_sync_task ?? [];
      for (const raw of items) {
        const parsed = adsTaskSchema.safeParse(raw);
        // Never log `raw`: it may hold src_third_info.ak/sk. The issue path and message only.
        if (!parsed.success) {
          skipped += 1;
          continue;
        }
        tasks.set(parsed.data.id, parsed.data);
      }
      const total = answer.page?.total ?? null;
      // The end: an empty page, everything counted, or no total to page against.
      if (items.length === 0 || total === null || (i + 1) * this.pageSize >= total) break;
      if (i === MAX_PAGES - 1) {
        this.logger.warn({ total, pages: MAX_PAGES }, "ADS task list: stopped paging");
      }
    }
    if (skipped > 0) {
      this.logger.warn({ skipped }, "ADS task list: tasks in an unreadable shape were left out");
    }
    return [...tasks.values()];
  }

  private async page(
    page: number,
    opts: { history?: boolean; nameKeyword?: string; typeKeyword?: string; signal?: AbortSignal },
  ) {
    const body: Record<string, unknown> = {
      page: { page, page_size: this.pageSize },
      is_history: opts.history ?? false,
    };
    if (opts.nameKeyword) body[ADS_KEYWORD_FIELDS.name] = opts.nameKeyword;
    if (opts.typeKeyword) body[ADS_KEYWORD_FIELDS.type] = opts.typeKeyword;
    try {
      return await this.http.send({
        method: ADS_LIST_TASKS.method,
        url: new URL(`${this.base}${ADS_LIST_TASKS.suffix}`),
        body,
        // A listing changes nothing: safe to ask again.
        idempotent: true,
        schema: adsListSchema,
        what: "the ADS task list",
        signal: opts.signal,
      });
    } catch (e) {
      // The transport's "Could not reach…" becomes the one outage sentence handlers rely on.
      if (isOmsbotError(e) && (e.code === "API_UNAVAILABLE" || e.code === "API_TIMEOUT")) {
        throw new OmsbotError(e.code, ADS_UNAVAILABLE_MESSAGE, {
          detail: e.detail,
          cause: e,
          status: e.status,
          apiCode: e.apiCode,
        });
      }
      throw e;
    }
  }
}

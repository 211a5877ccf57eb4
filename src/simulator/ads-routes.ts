/**
 * The simulator's SenseCore ADS: the task list (seed 004) at the path api-notes assumes,
 * `POST …/dataSync/{name}/tasks:list`, behind the ADS HMAC check (ads-auth.ts), with paging,
 * `is_history`, keyword filters, google.rpc.Status errors and a few faults.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkAdsAuth } from "./ads-auth.ts";
import { type AdsSimTimeFormat, adsTaskWire, buildAdsTasks, isHistoryTask } from "./ads-tasks.ts";

export interface AdsSimOptions {
  ak?: string;
  sk?: string;
  subscription?: string;
  resourceGroup?: string;
  zone?: string;
  dataSync?: string;
  /** Largest page the server hands out, whatever is asked for. Default 50. */
  maxPageSize?: number;
  /** More DOING tasks with these names (e.g. one named like an OMS task). */
  extraTaskNames?: readonly string[];
  format?: Partial<AdsSimTimeFormat>;
}

export type AdsFault = "unavailable" | "internal" | "throttle" | "drop";

export interface AdsRequestLogEntry {
  status: number;
  /** The request body as sent (the client never sends a secret; the answers hold canaries). */
  body: unknown;
}

/** google.rpc.Code values used here. */
const RPC = {
  unauthenticated: 16,
  invalidArgument: 3,
  notFound: 5,
  resourceExhausted: 8,
  internal: 13,
  unavailable: 14,
};

export const ADS_DEMO_CREDENTIALS = {
  ak: "ADSDEMOAK00000000001",
  sk: "adsDemoSecretKeyForTheLocalSimulator0000",
};

export class AdsSimulator {
  readonly ak: string;
  readonly sk: string;
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly zone: string;
  readonly dataSync: string;
  /** true: every request is answered 503 UNAVAILABLE, as during an outage. */
  down = false;
  readonly log: AdsRequestLogEntry[] = [];
  private readonly queue: AdsFault[] = [];
  private readonly tasks: ReturnType<typeof buildAdsTasks>;
  private readonly format: AdsSimTimeFormat;
  private readonly maxPageSize: number;

  constructor(
    private readonly now: () => number,
    o: AdsSimOptions = {},
  ) {
    this.ak = o.ak ?? ADS_DEMO_CREDENTIALS.ak;
    this.sk = o.sk ?? ADS_DEMO_CREDENTIALS.sk;
    this.subscription = o.subscription ?? "sub-omsbot-demo";
    this.resourceGroup = o.resourceGroup ?? "rg-default";
    this.zone = o.zone ?? "cn-sh-01a";
    this.dataSync = o.dataSync ?? "ads-demo";
    this.maxPageSize = o.maxPageSize ?? 50;
    this.format = { times: "seconds", int64: "string", ...o.format };
    this.tasks = buildAdsTasks(now(), o.extraTaskNames);
  }

  /** The base path a client builds from the ADS_* settings (api-notes). */
  get basePath(): string {
    return `/storage/ads/v1/subscriptions/${this.subscription}/resourceGroups/${this.resourceGroup}/zones/${this.zone}/dataSync/${this.dataSync}`;
  }

  owns(url: URL): boolean {
    return url.pathname.startsWith("/storage/ads/");
  }

  failNext(kind: AdsFault, count = 1): void {
    for (let i = 0; i < count; i++) this.queue.push(kind);
  }

  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    const parsedBody = safeJson(body);
    const r = this.answer(req, url, parsedBody);
    if (r === "drop") {
      this.log.push({ status: 0, body: parsedBody });
      req.socket.destroy();
      return;
    }
    this.log.push({ status: r.status, body: parsedBody });
    const text = JSON.stringify(r.payload);
    res.writeHead(r.status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      ...r.headers,
    });
    res.end(text);
  }

  private answer(req: IncomingMessage, url: URL, parsedBody: unknown): Answer | "drop" {
    const status = (http: number, code: number, message: string): Answer => ({
      status: http,
      payload: { code, message, details: [] },
    });
    const auth = checkAdsAuth(req.headers, { [this.ak]: this.sk }, this.now());
    if (!auth.ok) return status(401, RPC.unauthenticated, auth.reason);
    const fault = this.queue.shift();
    if (fault === "drop") return "drop";
    if (this.down || fault === "unavailable") {
      return status(503, RPC.unavailable, "upstream connect error or disconnect/reset");
    }
    if (fault === "internal") return status(500, RPC.internal, "internal error");
    if (fault === "throttle") {
      return {
        ...status(429, RPC.resourceExhausted, "rate limited"),
        headers: { "retry-after": "1" },
      };
    }
    if (req.method !== "POST" || url.pathname !== `${this.basePath}/tasks:list`) {
      return status(404, RPC.notFound, `no data-sync resource or method at ${url.pathname}`);
    }
    if (typeof parsedBody !== "object" || parsedBody === null) {
      return status(400, RPC.invalidArgument, "request body must be a JSON object");
    }
    const b = parsedBody as Record<string, unknown>;
    const page = (b.page ?? {}) as Record<string, unknown>;
    const pageNo = Math.max(1, Number(page.page) || 1);
    const size = Math.min(this.maxPageSize, Math.max(1, Number(page.page_size) || 10));
    const now = this.now();
    const history = b.is_history === true;
    const kw = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : "");
    const nameKw = kw(b.task_name);
    const typeKw = kw(b.task_type);
    const matching = this.tasks.filter(
      (t) =>
        isHistoryTask(t, now) === history &&
        t.name.toLowerCase().includes(nameKw) &&
        t.type.toLowerCase().includes(typeKw),
    );
    const items = matching.slice((pageNo - 1) * size, pageNo * size);
    const int = (v: number) => (this.format.int64 === "string" ? String(v) : v);
    return {
      status: 200,
      payload: {
        data_sync_task: items.map((t) => adsTaskWire(t, now, this.format)),
        page: { page: int(pageNo), page_size: int(size), total: int(matching.length) },
      },
    };
  }
}

interface Answer {
  status: number;
  payload: unknown;
  headers?: Record<string, string>;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

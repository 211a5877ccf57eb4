/**
 * The simulator's HTTP server (node:http): OMS v2 sync-task routes, IAM POST /v3/auth/tokens,
 * authentication on every OMS request, fault injection (oms-request.ts) and a request log for
 * tests (request-log.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type AdsSimOptions, AdsSimulator } from "./ads-routes.ts";
import { CdnSim, type CdnSimOptions } from "./cdn-routes.ts";
import {
  DEFAULT_IAM_TTL_MS,
  DEFAULT_PROJECT_ID,
  DEFAULT_SEED,
  DEMO_CREDENTIALS,
  type SimulatorCredentials,
} from "./credentials.ts";
import { buildBulkTasks, buildDemoTasks, type SimTask } from "./demo-tasks.ts";
import {
  DEFAULT_OVERSIZED_BYTES,
  FaultInjector,
  type FaultKind,
  type FaultOptions,
} from "./faults.ts";
import { IamTokenIssuer } from "./iam.ts";
import { buildOddTasks, type OddTaskKind } from "./odd-tasks.ts";
import { answerOms, type OmsRequestDeps } from "./oms-request.ts";
import type { StatisticsRules } from "./oms-routes.ts";
import { streamOversized } from "./oversized.ts";
import { readBody } from "./request-body.ts";
import { type RequestFilter, RequestLog, type RequestLogEntry } from "./request-log.ts";
import { seedToInt } from "./rng.ts";
import { errorResponse, type SimResponse } from "./wire.ts";

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number | string;
  /** The clock: decides what is "now" (no data after it) and anchors the demo tasks at start. */
  now?: () => number;
  projectId?: string;
  credentials?: SimulatorCredentials;
  iamTtlMs?: number;
  faults?: FaultOptions;
  /** false: OMS requests need no credentials at all. Default true. */
  requireAuth?: boolean;
  /**
   * Statistics count a point starting exactly at end_time too. Default false. Not documented
   * either way (api-notes), so clients are tested under both.
   */
  endInclusive?: boolean;
  /** Most points per type in one statistics answer. Default 1000 (seeds 000/001). */
  maxPoints?: number;
  /** A statistics range over maxPoints: "truncate" (default, oldest kept) or "reject" (400 OMS.0003). */
  tooManyPoints?: StatisticsRules["tooManyPoints"];
  /** Odd tasks added after the demo tasks (odd-tasks.ts). */
  oddTasks?: readonly OddTaskKind[];
  /** ListSyncTasks claims this `count`, whatever the truth. */
  listCount?: number;
  /** This many more tasks, `bulk-001`… (digests and alert rounds over many tasks). */
  bulkTasks?: number;
  /** Task names whose statistics always answer 503: a partial outage. */
  statisticsDown?: readonly string[];
  /** CDN export tasks (cdn-routes.ts): domain ID, faults of their own, more tasks. */
  cdn?: CdnSimOptions;
  /** SenseCore ADS (ads-routes.ts): always served, under /storage/ads/. */
  ads?: AdsSimOptions;
}

export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:40123 (OMS_ENDPOINT and IAM_ENDPOINT). */
  readonly url: string;
  readonly projectId: string;
  readonly seed: number;
  readonly credentials: SimulatorCredentials;
  readonly tasks: readonly SimTask[];
  readonly iam: IamTokenIssuer;
  /** The CDN export-task routes: their tasks, domain ID and faults. */
  readonly cdn: CdnSim;
  readonly ads: AdsSimulator;
  /** Every request answered (or dropped) since start or the last resetLog(), oldest first. */
  readonly requests: readonly RequestLogEntry[];
  requestCount(filter?: RequestFilter): number;
  resetLog(): void;
  setFaults(faults: FaultOptions): void;
  /** The next `count` authenticated OMS requests fail with `kind`, before any rate applies. */
  failNext(kind: FaultKind, count?: number): void;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const now = opts.now ?? Date.now;
  const seed = seedToInt(opts.seed ?? DEFAULT_SEED);
  const projectId = opts.projectId ?? DEFAULT_PROJECT_ID;
  const credentials = opts.credentials ?? DEMO_CREDENTIALS;
  const requireAuth = opts.requireAuth ?? true;
  const tasks = [
    ...buildDemoTasks(seed, now()),
    ...buildOddTasks(seed, now(), opts.oddTasks ?? []),
    ...buildBulkTasks(seed, now(), opts.bulkTasks ?? 0),
  ];
  const statistics: StatisticsRules = {
    endInclusive: opts.endInclusive ?? false,
    maxPoints: opts.maxPoints ?? 1000,
    tooManyPoints: opts.tooManyPoints ?? "truncate",
  };
  const statisticsDown = new Set(opts.statisticsDown ?? []);
  const faults = new FaultInjector(seed, opts.faults);
  const iam = new IamTokenIssuer({
    users: credentials.iamUsers,
    ttlMs: opts.iamTtlMs ?? DEFAULT_IAM_TTL_MS,
    now,
  });
  const cdn = new CdnSim({ seed, now, credentials, iam, requireAuth }, opts.cdn);
  const ads = new AdsSimulator(now, opts.ads);
  const secrets = new Map([[credentials.ak, credentials.sk]]);
  const staticTokens = new Set(credentials.tokens);
  const log = new RequestLog();
  const timers = new Set<NodeJS.Timeout>();
  let requestSeq = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function sendOversized(res: ServerResponse, r: SimResponse, entry: RequestLogEntry) {
    requestSeq += 1;
    entry.bytesSent = await streamOversized(res, r.body, {
      size: faults.options.oversizedBytes ?? DEFAULT_OVERSIZED_BYTES,
      declareLength: faults.options.oversizedContentLength ?? false,
      headers: { "x-request-id": `sim-${seed.toString(16)}-${requestSeq}` },
    });
  }

  function send(res: ServerResponse, r: SimResponse, rawBody?: string): void {
    const text = rawBody ?? JSON.stringify(r.body);
    requestSeq += 1;
    res.writeHead(r.status, {
      "content-type": "application/json;charset=UTF-8",
      "content-length": Buffer.byteLength(text),
      "x-request-id": `sim-${seed.toString(16)}-${requestSeq}`,
      ...r.headers,
    });
    res.end(text);
  }

  const oms: OmsRequestDeps = {
    requireAuth,
    auth: { secrets, staticTokens, iam, now },
    faults,
    state: {
      projectId,
      tasks,
      now,
      statistics,
      listCount: opts.listCount,
      statisticsDown,
    },
    log,
    sleep,
    send,
    sendOversized,
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    try {
      const body = await readBody(req);
      if (url.pathname === "/v3/auth/tokens" && req.method === "POST") {
        res.on("finish", () => log.record(req, url, res.statusCode, null));
        iam.handle(req, body, res);
        return;
      }
      if (cdn.matches(url.pathname)) {
        await cdn.handle(req, res, url, body, (status, fault) =>
          log.record(req, url, status, fault),
        );
        return;
      }
      if (ads.owns(url)) {
        ads.handle(req, res, url, body);
        return;
      }
      await answerOms(oms, req, res, url, body);
    } catch (e) {
      if (res.headersSent || res.destroyed) return;
      const r = errorResponse(
        500,
        "SIM.0500",
        `Simulator error: ${e instanceof Error ? e.message : String(e)}`,
      );
      log.record(req, url, r.status, null);
      send(res, r);
    }
  }

  const server = createServer((req, res) => {
    void onRequest(req, res);
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    projectId,
    seed,
    credentials,
    tasks,
    iam,
    cdn,
    ads,
    get requests() {
      return log.entries;
    },
    requestCount(filter?: RequestFilter) {
      return log.count(filter);
    },
    resetLog() {
      log.reset();
    },
    setFaults(f) {
      faults.set(f);
    },
    failNext(kind, count = 1) {
      faults.failNext(kind, count);
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Ends keep-alive and hung sockets too; without this close() would wait for them.
        server.closeAllConnections();
      });
    },
  };
}

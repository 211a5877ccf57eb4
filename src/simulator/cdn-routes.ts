/**
 * CDN `GET /v1/cdn/statistics/export-tasks` (seed 003; api-notes "CDN statistics export tasks")
 * beside the OMS routes: the same gateway check (token or AK/SK signature) plus the domain-level
 * rule that a signed request carries a signed `X-Domain-Id` of the simulator's account, its own
 * fault injection (so "CDN down while OMS works" can be shown), and CDN-shaped error bodies
 * `{"error": {"error_code", "error_msg"}}`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  buildCdnBulkTasks,
  buildCdnDemoTasks,
  type CdnSimTask,
  cdnWireTask,
  DEFAULT_CDN_DOMAIN_ID,
} from "./cdn-tasks.ts";
import type { SimulatorCredentials } from "./credentials.ts";
import {
  breakSchema,
  FaultInjector,
  type FaultKind,
  type FaultOptions,
  malformJson,
} from "./faults.ts";
import type { IamTokenIssuer } from "./iam.ts";
import { checkAuth, requestToAuthorize } from "./verify-auth.ts";

export interface CdnSimOptions {
  /** The account ID a signed request's X-Domain-Id must name. */
  domainId?: string;
  /** Faults for CDN requests only (latency is not simulated here). */
  faults?: FaultOptions;
  /** Tasks after the demo ones. */
  extraTasks?: readonly CdnSimTask[];
  /** This many more finished tasks, `bulk-export-001`… (paging). */
  bulkTasks?: number;
  /** Largest `limit` honoured; a larger one is cut to it, silently. Default 100 (inferred). */
  maxLimit?: number;
  /** The list claims this `total`, whatever the truth. */
  listTotal?: number;
}

export interface CdnSimDeps {
  seed: number;
  now: () => number;
  credentials: SimulatorCredentials;
  iam: IamTokenIssuer;
  requireAuth: boolean;
}

/** Inferred codes (no public list was found): one place to fix them. */
export const CDN_ERR = {
  badParam: "CDN.0100",
  unavailable: "CDN.0001",
  internal: "CDN.0000",
} as const;

const PATH = "/v1/cdn/statistics/export-tasks";

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

function cdnError(status: number, code: string, msg: string): Answer {
  return { status, body: { error: { error_code: code, error_msg: msg } } };
}

function refused(reason: string): Answer {
  // The gateway's own refusal, in the gateway's flat shape (verify-auth.ts).
  return {
    status: 401,
    body: {
      error_code: "APIGW.0301",
      error_msg: `Incorrect IAM authentication information: ${reason}`,
    },
  };
}

export class CdnSim {
  readonly domainId: string;
  readonly tasks: CdnSimTask[];
  private readonly faults: FaultInjector;
  private readonly secrets: Map<string, string>;
  private readonly tokens: Set<string>;
  private seq = 0;

  constructor(
    private readonly d: CdnSimDeps,
    private readonly o: CdnSimOptions = {},
  ) {
    this.domainId = o.domainId ?? DEFAULT_CDN_DOMAIN_ID;
    const t0 = d.now();
    this.tasks = [
      ...buildCdnDemoTasks(t0),
      ...(o.extraTasks ?? []),
      ...buildCdnBulkTasks(t0, o.bulkTasks ?? 0),
    ];
    this.faults = new FaultInjector(d.seed ^ 0x0c0d_0e0f, o.faults);
    this.secrets = new Map([[d.credentials.ak, d.credentials.sk]]);
    this.tokens = new Set(d.credentials.tokens);
  }

  matches(pathname: string): boolean {
    return pathname.startsWith("/v1/cdn/");
  }

  setFaults(f: FaultOptions): void {
    this.faults.set(f);
  }

  /** The next `count` authenticated CDN requests fail with `kind`. */
  failNext(kind: FaultKind, count = 1): void {
    this.faults.failNext(kind, count);
  }

  /** The list as CDN would send it now: newest change first (seed 003). */
  wireTasks(): Array<Record<string, unknown>> {
    const now = this.d.now();
    return this.tasks
      .map((t) => cdnWireTask(t, now))
      .sort((a, b) => Number(b.update_time) - Number(a.update_time));
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: string,
    record: (status: number, fault: FaultKind | null) => void,
  ): Promise<void> {
    const reply = (a: Answer, fault: FaultKind | null, raw?: string) => {
      record(a.status, fault);
      this.send(res, a, raw);
    };
    if (req.method !== "GET" || url.pathname.replace(/\/+$/, "") !== PATH) {
      reply(cdnError(404, "APIGW.0101", "The API does not exist or has not been published"), null);
      return;
    }
    if (this.d.requireAuth) {
      const refusal = this.authRefusal(req, body);
      if (refusal) return reply(refusal, null);
    }
    const fault = this.faults.next();
    if (fault === "drop") {
      record(0, fault);
      req.socket.destroy();
      return;
    }
    if (fault === "hang") {
      record(0, fault);
      return;
    }
    if (fault === "error") return reply(cdnError(500, CDN_ERR.internal, "Internal error."), fault);
    if (fault === "unavailable") {
      return reply(cdnError(503, CDN_ERR.unavailable, "Service unavailable."), fault);
    }
    if (fault === "throttle") {
      const retryAfter = String(this.faults.options.retryAfterSeconds ?? 1);
      const body = {
        error_code: "APIGW.0308",
        error_msg: "The throttling threshold has been reached",
      };
      return reply({ status: 429, body, headers: { "retry-after": retryAfter } }, fault);
    }
    const answer = this.list(url.searchParams);
    if (fault === "malformed" && answer.status === 200) {
      return reply(answer, fault, malformJson(JSON.stringify(answer.body)));
    }
    if (fault === "schemaBreak" && answer.status === 200) {
      return reply({ ...answer, body: breakSchema(answer.body, this.faults.draw()) }, fault);
    }
    reply(answer, null);
  }

  /** The gateway check, then the domain-level rule for a signed request. */
  private authRefusal(req: IncomingMessage, body: string): Answer | undefined {
    const toCheck = requestToAuthorize(req, body);
    const auth = checkAuth(toCheck, {
      secrets: this.secrets,
      staticTokens: this.tokens,
      iam: this.d.iam,
      now: this.d.now,
    });
    if (!auth.ok) return { status: auth.status, body: auth.body };
    const authorization = req.headers.authorization;
    if (authorization === undefined) return undefined; // a token: its scope is the account's
    const signedNames = /SignedHeaders=([^,\s]+)/.exec(authorization)?.[1]?.split(";") ?? [];
    const domainId = req.headers["x-domain-id"];
    if (domainId === undefined || !signedNames.includes("x-domain-id")) {
      return refused("a global service needs a signed X-Domain-Id header");
    }
    // Chosen: a domain ID that is not the key's account is refused like a bad signature (401).
    if (domainId !== this.domainId) return refused("X-Domain-Id does not match the AK's account");
    return undefined;
  }

  private list(q: URLSearchParams): Answer {
    const limit = intParam(q.get("limit"), 10, 1, 1000);
    const offset = intParam(q.get("offset"), 0, 0, 1_000_000);
    if (limit === undefined || offset === undefined) {
      return cdnError(400, CDN_ERR.badParam, "Invalid limit or offset.");
    }
    const taskId = q.get("task_id");
    const taskName = q.get("task_name");
    const matching = this.wireTasks().filter(
      (t) =>
        (taskId === null || t.task_id === taskId) &&
        (taskName === null || String(t.task_name) === taskName),
    );
    const page = matching.slice(offset, offset + Math.min(limit, this.o.maxLimit ?? 100));
    return { status: 200, body: { total: this.o.listTotal ?? matching.length, data: page } };
  }

  private send(res: ServerResponse, a: Answer, raw?: string): void {
    const text = raw ?? JSON.stringify(a.body);
    this.seq += 1;
    res.writeHead(a.status, {
      "content-type": "application/json;charset=UTF-8",
      "content-length": Buffer.byteLength(text),
      "x-request-id": `sim-cdn-${this.seq}`,
      ...a.headers,
    });
    res.end(text);
  }
}

function intParam(raw: string | null, dflt: number, min: number, max: number): number | undefined {
  if (raw === null) return dflt;
  if (!/^\d{1,7}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n < min || n > max ? undefined : n;
}

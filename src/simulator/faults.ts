/**
 * Fault injection: decides, per OMS request, whether to answer normally or to misbehave.
 * Rates draw from a seeded stream so a run with the same seed and request order misbehaves
 * the same way; failNext() queues faults that fire first, for tests that need no luck.
 */
import { streamRng } from "./rng.ts";
import { ERR, errorResponse, type SimResponse } from "./wire.ts";

export const FAULT_KINDS = [
  "error",
  "unavailable",
  "throttle",
  "drop",
  "malformed",
  "schemaBreak",
  "hang",
  "oversized",
  "oddDataType",
  "oddTimeType",
] as const;
/**
 * error: HTTP 500 · unavailable: HTTP 503 OMS.2004 · throttle: HTTP 429 APIGW.0308 + Retry-After ·
 * drop: socket destroyed, no answer · malformed: 200 with broken JSON · schemaBreak: 200 with
 * valid JSON of the wrong shape · hang: never answers (close() still ends it) · oversized: 200
 * with a JSON body of `oversizedBytes`, streamed so the simulator never holds it ·
 * oddDataType / oddTimeType (statistics answers only, failNext only): a series of a data_type
 * the seeds do not list ("LATENCY"), or a statistic_time_type they do not list ("ONE_DAY").
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  /** Added before every authenticated OMS answer, ms. */
  latencyMs?: number;
  /** Share of requests answered 500 or 503 (half each). */
  errorRate?: number;
  throttleRate?: number;
  /** Seconds in the Retry-After header of a throttled answer. Default 1. */
  retryAfterSeconds?: number;
  dropRate?: number;
  malformedRate?: number;
  schemaBreakRate?: number;
  hangRate?: number;
  oversizedRate?: number;
  /** Size of an oversized answer. Default 64 MiB. */
  oversizedBytes?: number;
  /** An oversized answer declares its content-length (else it is sent chunked). Default false. */
  oversizedContentLength?: boolean;
}

export const DEFAULT_OVERSIZED_BYTES = 64 * 1024 * 1024;

export function isFaultKind(s: string): s is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(s);
}

export class FaultInjector {
  private opts: FaultOptions;
  private readonly rng: () => number;
  private readonly queue: FaultKind[] = [];

  constructor(seed: number, opts: FaultOptions = {}) {
    this.opts = { ...opts };
    this.rng = streamRng(seed ^ 0x5eed_fa17);
  }

  set(opts: FaultOptions): void {
    this.opts = { ...opts };
  }

  get options(): Readonly<FaultOptions> {
    return this.opts;
  }

  failNext(kind: FaultKind, count: number): void {
    for (let i = 0; i < count; i++) this.queue.push(kind);
  }

  /** The fault for the next OMS request, or null to answer normally. Consumes a draw. */
  next(): FaultKind | null {
    const queued = this.queue.shift();
    if (queued) return queued;
    const o = this.opts;
    const ladder: Array<[FaultKind, number]> = [
      ["error", (o.errorRate ?? 0) / 2],
      ["unavailable", (o.errorRate ?? 0) / 2],
      ["throttle", o.throttleRate ?? 0],
      ["drop", o.dropRate ?? 0],
      ["malformed", o.malformedRate ?? 0],
      ["schemaBreak", o.schemaBreakRate ?? 0],
      ["hang", o.hangRate ?? 0],
      ["oversized", o.oversizedRate ?? 0],
    ];
    if (ladder.every(([, r]) => r <= 0)) return null;
    const u = this.rng();
    let acc = 0;
    for (const [kind, rate] of ladder) {
      acc += rate;
      if (u < acc) return kind;
    }
    return null;
  }

  /** A uniform draw for choosing among variants of a fault. */
  draw(): number {
    return this.rng();
  }
}

/** The canned answer for the faults that are plain HTTP errors. */
export function faultErrorResponse(
  kind: "error" | "unavailable" | "throttle",
  retryAfter: number,
): SimResponse {
  if (kind === "throttle") {
    const r = errorResponse(429, ERR.throttled, "The throttling threshold has been reached");
    return { ...r, headers: { "retry-after": String(retryAfter) } };
  }
  if (kind === "unavailable") {
    return errorResponse(503, ERR.unavailable, "The service is temporarily unavailable.");
  }
  return errorResponse(500, ERR.unavailable, "Internal server error.");
}

/** Cuts a JSON text short so no parser accepts it. */
export function malformJson(text: string): string {
  const cut = Math.max(1, Math.floor(text.length / 2));
  return `${text.slice(0, cut)}\u0000<!-- truncated`;
}

/**
 * Valid JSON of the wrong shape: numbers as strings, a required array gone, or a field renamed.
 * `u` chooses the variant so a seeded run breaks the same way each time.
 */
export function breakSchema(body: unknown, u: number): unknown {
  const stringify = (v: unknown): unknown =>
    JSON.parse(
      JSON.stringify(v, (_k, val: unknown) => (typeof val === "number" ? String(val) : val)),
    );
  if (body === null || typeof body !== "object" || Array.isArray(body)) return { unexpected: body };
  const rec = { ...(body as Record<string, unknown>) };
  if (u < 0.5) return stringify(rec);
  for (const key of ["statistic_datas", "tasks", "monthly_acceptance_request", "sync_task_id"]) {
    if (key in rec) {
      delete rec[key];
      return rec;
    }
  }
  return stringify(rec);
}

/** A statistics answer with a value the seeds do not list; other answers pass unchanged. */
export function oddStatistics(body: unknown, kind: "oddDataType" | "oddTimeType"): unknown {
  if (body === null || typeof body !== "object" || !("statistic_datas" in body)) return body;
  if (kind === "oddTimeType") return { ...body, statistic_time_type: "ONE_DAY" };
  const datas = Array.isArray(body.statistic_datas) ? body.statistic_datas : [];
  const first: unknown = datas[0];
  const points =
    first !== null && typeof first === "object" && "data" in first && Array.isArray(first.data)
      ? first.data
      : [];
  return { ...body, statistic_datas: [...datas, { data_type: "LATENCY", data: points }] };
}

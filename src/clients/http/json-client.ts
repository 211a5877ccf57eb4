/**
 * One JSON request with retries, used by every cloud client. undici's RetryAgent is not used
 * because each attempt must be signed anew (X-Sdk-Date is checked against a 15-minute skew), a
 * 401 may need a fresh IAM token first, and a whole call must end by an overall deadline.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { type Dispatcher, request } from "undici";
import type { z } from "zod";
import { mrkdwnCode } from "../../core/format.ts";
import { type ErrorCode, OmsbotError } from "../../errors.ts";
import type { AuthProvider } from "../auth/types.ts";
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF, parseRetryAfter } from "./backoff.ts";
import { DEFAULT_MAX_BODY_BYTES, readAnswerBody, tooLargeError } from "./read-limited.ts";
import { readTransportError } from "./transport-error.ts";

export interface JsonRequest<T> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: URL;
  body?: unknown;
  /** GETs are; a POST that starts or stops something is not, and is retried only when it cannot have arrived. */
  idempotent: boolean;
  schema: z.ZodType<T>;
  /** What is being asked, for messages: "task 0d14…", "the task list". */
  what: string;
  signal?: AbortSignal;
}

/** One HTTP attempt's end, for metrics: "ok" or the coded error it ended with. */
export interface AttemptReport {
  service: string;
  outcome: "ok" | ErrorCode;
  /** A second or later attempt of the same call (a renewed IAM token's retry included). */
  retry: boolean;
}

/** Turns an error answer into a coded error. `body` is the parsed JSON, or the raw text. */
export type ErrorMapper = (status: number, body: unknown, what: string) => OmsbotError;

export interface JsonClientOptions {
  service: string;
  dispatcher: Dispatcher;
  auth: AuthProvider;
  mapError: ErrorMapper;
  logger: Logger;
  /** Per attempt. */
  timeoutMs?: number;
  /** For the whole call, retries included. */
  deadlineMs?: number;
  /** Largest answer body read, bytes; a larger one is cut off and refused. Default 16 MiB. */
  maxBodyBytes?: number;
  backoff?: BackoffPolicy;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told after every attempt (metrics); whatever it throws is ignored. */
  onAttempt?: (report: AttemptReport) => void;
}

type Attempt<T> =
  | { kind: "ok"; value: T }
  | { kind: "retry"; error: OmsbotError; retryAfterMs?: number }
  | { kind: "unauthorized"; error: OmsbotError }
  | { kind: "fail"; error: OmsbotError };

/** A backoff wait that a cancelled request cuts short (with a coded error, not a bare AbortError). */
const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const cancelled = () =>
      new OmsbotError("API_TIMEOUT", "The request was cancelled.", { cause: signal?.reason });
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export class JsonClient {
  private readonly o: Required<Omit<JsonClientOptions, "logger" | "onAttempt">> & {
    logger: Logger;
    onAttempt?: JsonClientOptions["onAttempt"];
  };

  constructor(options: JsonClientOptions) {
    // Spelled out rather than spread: an option passed as `undefined` must not erase a default.
    this.o = {
      ...options,
      timeoutMs: options.timeoutMs ?? 10_000,
      deadlineMs: options.deadlineMs ?? 30_000,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      sleep: options.sleep ?? defaultSleep,
    };
  }

  async send<T>(req: JsonRequest<T>): Promise<T> {
    const { backoff, now } = this.o;
    const deadline = now() + this.o.deadlineMs;
    const requestId = randomUUID();
    let renewedAuth = false;
    let last: OmsbotError | undefined;
    let attempts = 0;
    for (let attempt = 1; attempt <= backoff.maxAttempts; attempt++) {
      const remaining = deadline - now();
      if (remaining <= 0) break;
      const result = await this.attempt(req, Math.min(this.o.timeoutMs, remaining), requestId);
      this.report(result.kind === "ok" ? "ok" : result.error.code, attempts++ > 0);
      if (result.kind === "ok") return result.value;
      last = result.error;
      if (result.kind === "fail") throw result.error;
      if (result.kind === "unauthorized") {
        // A fresh IAM token deserves one more try that does not count against the retries.
        if (!renewedAuth && (await this.o.auth.onUnauthorized())) {
          renewedAuth = true;
          attempt--;
          continue;
        }
        throw result.error;
      }
      if (attempt === backoff.maxAttempts) break;
      const delay = backoffDelay(backoff, attempt, result.retryAfterMs, this.o.random);
      if (now() + delay >= deadline) break;
      this.o.logger.debug(
        {
          service: this.o.service,
          what: req.what,
          attempt,
          delayMs: delay,
          code: result.error.code,
        },
        "retrying",
      );
      await this.o.sleep(delay, req.signal);
    }
    const error =
      last ??
      new OmsbotError("API_TIMEOUT", `${this.o.service} did not answer in time.`, {
        detail: req.what,
      });
    if (
      error.code === "API_TIMEOUT" ||
      error.code === "API_UNAVAILABLE" ||
      error.code === "API_THROTTLED"
    ) {
      throw new OmsbotError(error.code, error.userMessage, {
        detail: `${error.detail ?? ""}; gave up after retries within ${this.o.deadlineMs} ms`,
        cause: error,
        status: error.status,
        apiCode: error.apiCode,
      });
    }
    throw error;
  }

  private report(outcome: AttemptReport["outcome"], retry: boolean): void {
    try {
      this.o.onAttempt?.({ service: this.o.service, outcome, retry });
    } catch {
      // A metrics observer must never fail a cloud call.
    }
  }

  private async attempt<T>(
    req: JsonRequest<T>,
    timeoutMs: number,
    requestId: string,
  ): Promise<Attempt<T>> {
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const baseHeaders: Record<string, string> = {
      "content-type": "application/json",
      "x-request-id": requestId,
    };
    const signals = [AbortSignal.timeout(timeoutMs), ...(req.signal ? [req.signal] : [])];
    const signal = AbortSignal.any(signals);
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const authHeaders = await this.o.auth.authorize(
        { method: req.method, url: req.url, headers: baseHeaders, body },
        signal,
      );
      const res = await request(req.url, {
        method: req.method,
        headers: { ...baseHeaders, ...authHeaders },
        body,
        dispatcher: this.o.dispatcher,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = res.statusCode;
      retryAfter = res.headers["retry-after"];
      const read = await readAnswerBody(res, this.o.maxBodyBytes);
      if (!read.ok) {
        // Asking again would download the same flood: refused at once, for reads too.
        return { kind: "fail", error: tooLargeError(this.o.service, req.what, status, read) };
      }
      text = read.text;
    } catch (e) {
      if (req.signal?.aborted) {
        return {
          kind: "fail",
          error: new OmsbotError("API_TIMEOUT", "The request was cancelled.", { cause: e }),
        };
      }
      if (e instanceof OmsbotError) return { kind: "fail", error: e };
      return this.transportFailure(req, e);
    }
    if (status >= 200 && status < 300) return this.parseOk(req, status, text);
    const parsedBody = safeJson(text);
    const error = this.o.mapError(status, parsedBody.ok ? parsedBody.value : text, req.what);
    if (status === 401) {
      const hinted = new OmsbotError(
        "API_AUTH",
        `${this.o.service} refused the credentials. Check ${this.o.auth.settingsHint}.`,
        { detail: error.detail, status, apiCode: error.apiCode },
      );
      return { kind: "unauthorized", error: hinted };
    }
    const retryable =
      error.code === "API_THROTTLED" || (error.code === "API_UNAVAILABLE" && req.idempotent);
    if (retryable) {
      return { kind: "retry", error, retryAfterMs: parseRetryAfter(retryAfter, this.o.now()) };
    }
    return { kind: "fail", error };
  }

  private parseOk<T>(req: JsonRequest<T>, status: number, text: string): Attempt<T> {
    const json = text.trim() === "" ? { ok: true as const, value: {} } : safeJson(text);
    if (!json.ok) {
      const error = new OmsbotError(
        "API_BAD_ANSWER",
        `${this.o.service} sent an answer the bot cannot read.`,
        {
          detail: `${req.what}: HTTP ${status} body is not JSON (${text.length} bytes)`,
          status,
        },
      );
      // A cut-off or garbled body is usually a proxy hiccup; asking again is safe for a read.
      return req.idempotent ? { kind: "retry", error } : { kind: "fail", error };
    }
    const parsed = req.schema.safeParse(json.value);
    if (parsed.success) return { kind: "ok", value: parsed.data };
    const issue = parsed.error.issues[0];
    const field = issue ? issue.path.join(".") || "(root)" : "(root)";
    const error = new OmsbotError(
      "API_BAD_ANSWER",
      `${this.o.service} sent an answer in a shape the bot does not expect (field ${mrkdwnCode(field)}).`,
      { detail: `${req.what}: ${field}: ${issue?.message ?? "invalid"}`, status },
    );
    // Well-formed JSON of the wrong shape is the server's answer, not a hiccup: asking again
    // gets the same answer, and only multiplies the load and the log lines.
    return { kind: "fail", error };
  }

  private transportFailure<T>(req: JsonRequest<T>, e: unknown): Attempt<T> {
    const t = readTransportError(e);
    const error = new OmsbotError(
      t.timedOut ? "API_TIMEOUT" : "API_UNAVAILABLE",
      t.timedOut
        ? `${this.o.service} did not answer in time. Try again in a minute.`
        : `Could not reach ${this.o.service}. Try again in a minute.`,
      { detail: `${req.what}: ${t.detail}`, cause: e },
    );
    // A refused connection never reached the server, so even a non-idempotent call may retry.
    return req.idempotent || t.neverSent ? { kind: "retry", error } : { kind: "fail", error };
  }
}

function safeJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

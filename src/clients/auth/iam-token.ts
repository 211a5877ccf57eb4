/**
 * Password → IAM token, cached and renewed before it expires (api-notes.md "Authentication":
 * `POST {IAM_ENDPOINT}/v3/auth/tokens`, token in X-Subject-Token, `token.expires_at` in the body;
 * https://support.huaweicloud.com/intl/en-us/api-iam/iam_30_0001.html).
 */
import { type Dispatcher, request } from "undici";
import { z } from "zod";
import { type ErrorCode, OmsbotError } from "../../errors.ts";
import { readTransportError } from "../http/transport-error.ts";
import type { AuthProvider } from "./types.ts";

export interface IamTokenOptions {
  /** e.g. https://iam.myhuaweicloud.com (a path prefix is kept). */
  endpoint: string;
  user: string;
  password: string;
  /** The account (domain) name the IAM user belongs to. */
  domain: string;
  /** The token is scoped to this project. */
  projectId: string;
  now?: () => Date;
  dispatcher?: Dispatcher;
  /** For the whole IAM exchange, headers and body. Default 10 s. */
  timeoutMs?: number;
}

/** Renew this long before expires_at at most; see renewAt(). */
const MAX_MARGIN_MS = 5 * 60_000;
/** A token this young that is refused was not refused for its age: fetching again won't help. */
const FRESH_MS = 5_000;
/** After a failed renewal, keep using the old (still valid) token this long before asking again. */
const RETRY_AFTER_FAILURE_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10_000;

const SETTINGS = "IAM_USER / IAM_PASSWORD / IAM_DOMAIN";

interface Token {
  value: string;
  obtainedAt: number;
  expiresAt: number;
  renewAt: number;
}

const tokenAnswer = z.object({
  token: z.object({ expires_at: z.iso.datetime({ offset: true }) }),
});
const iamError = z.object({ error: z.object({ message: z.string() }) });

/**
 * Renew 5 minutes before expiry — room for clock skew between us and IAM and for a request
 * still in flight — but never more than 10% of the lifetime, so a short-lived token is not
 * renewed on every call.
 */
function renewAt(obtainedAt: number, expiresAt: number): number {
  return expiresAt - Math.min(MAX_MARGIN_MS, (expiresAt - obtainedAt) / 10);
}

/** Resolves with `p` unless the caller gives up first; `p` itself goes on for the others. */
function unlessAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

export class IamTokenProvider implements AuthProvider {
  readonly settingsHint = `${SETTINGS} (and IAM_ENDPOINT, OMS_PROJECT_ID)`;
  private readonly opts: IamTokenOptions;
  private readonly now: () => number;
  private token: Token | undefined;
  private inFlight: Promise<Token> | undefined;
  private lastFailureAt = Number.NEGATIVE_INFINITY;

  constructor(opts: IamTokenOptions) {
    this.opts = opts;
    const clock = opts.now ?? (() => new Date());
    this.now = () => clock().getTime();
  }

  async authorize(_req: unknown, signal?: AbortSignal): Promise<Record<string, string>> {
    const token = await unlessAborted(this.current(), signal);
    return { "X-Auth-Token": token.value };
  }

  /** May reject with the OmsbotError of a failed renewal (e.g. API_AUTH: password changed). */
  async onUnauthorized(): Promise<boolean> {
    if (this.inFlight) {
      await this.inFlight;
      return true;
    }
    if (this.token && this.now() - this.token.obtainedAt < FRESH_MS) return false;
    this.token = undefined;
    await this.renew();
    return true;
  }

  private async current(): Promise<Token> {
    const now = this.now();
    const old = this.token;
    if (old && now < old.renewAt) return old;
    const usable = old && now < old.expiresAt;
    if (usable && now - this.lastFailureAt < RETRY_AFTER_FAILURE_MS) return old;
    try {
      return await this.renew();
    } catch (e) {
      // IAM being briefly away must not fail requests while the old token is still good.
      if (usable && this.now() < old.expiresAt) return old;
      throw e;
    }
  }

  /** One IAM request at a time, shared by every caller that needs a token meanwhile. */
  private renew(): Promise<Token> {
    this.inFlight ??= this.fetchToken()
      .then(
        (token) => {
          this.token = token;
          return token;
        },
        (e: unknown) => {
          this.lastFailureAt = this.now();
          throw e;
        },
      )
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private async fetchToken(): Promise<Token> {
    const { endpoint, user, password, domain, projectId } = this.opts;
    const url = `${endpoint.replace(/\/+$/, "")}/v3/auth/tokens`;
    const body = JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: user, password, domain: { name: domain } } },
        },
        scope: { project: { id: projectId } },
      },
    });
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const res = await request(url, {
        method: "POST",
        headers: { "content-type": "application/json;charset=utf8" },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        ...(this.opts.dispatcher ? { dispatcher: this.opts.dispatcher } : {}),
      });
      status = res.statusCode;
      headers = res.headers;
      text = await res.body.text();
    } catch (e) {
      throw this.transportError(e);
    }
    if (status !== 200 && status !== 201) throw this.statusError(status, text);

    const subject = headers["x-subject-token"];
    const value = Array.isArray(subject) ? subject[0] : subject;
    if (!value) throw badAnswer("IAM answered without an X-Subject-Token header", status);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw badAnswer("IAM's token answer is not JSON", status);
    }
    const parsed = tokenAnswer.safeParse(json);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join(".") || "token";
      throw badAnswer(`IAM's token answer has a missing or bad field ${field}`, status);
    }
    const obtainedAt = this.now();
    const expiresAt = Date.parse(parsed.data.token.expires_at);
    if (expiresAt <= obtainedAt) {
      throw badAnswer(
        "IAM gave a token that has already expired: is the bot's clock right?",
        status,
      );
    }
    return { value, obtainedAt, expiresAt, renewAt: renewAt(obtainedAt, expiresAt) };
  }

  private transportError(e: unknown): OmsbotError {
    const t = readTransportError(e);
    const detail = `IAM ${this.opts.endpoint}: ${t.detail}`;
    if (t.timedOut) {
      return new OmsbotError("API_TIMEOUT", "Huawei Cloud IAM did not answer in time.", {
        detail,
        cause: e,
      });
    }
    return new OmsbotError("API_UNAVAILABLE", "Huawei Cloud IAM could not be reached.", {
      detail: `${detail} (check IAM_ENDPOINT)`,
      cause: e,
    });
  }

  private statusError(status: number, text: string): OmsbotError {
    const { user, domain, password, projectId } = this.opts;
    let said = "";
    try {
      const parsed = iamError.safeParse(JSON.parse(text));
      if (parsed.success) said = `: ${parsed.data.error.message.slice(0, 200)}`;
    } catch {
      // Not JSON: the status alone says enough.
    }
    // IAM is not known to echo passwords, but an error text must never be the way one leaks.
    if (password) said = said.replaceAll(password, "***");
    const detail = `IAM POST /v3/auth/tokens answered HTTP ${status} for user "${user}" in account "${domain}"${said}`;
    const table: Array<[boolean, ErrorCode, string]> = [
      [
        status === 400 || status === 401,
        "API_AUTH",
        // The user and account names are for the operator's log (detail), not for a channel.
        `IAM refused the bot's password login: check ${SETTINGS}.`,
      ],
      [
        status === 403,
        "API_FORBIDDEN",
        `IAM refused a token for project ${projectId}: check OMS_PROJECT_ID and the user's permissions.`,
      ],
      [status === 429, "API_THROTTLED", "Huawei Cloud IAM is throttling token requests."],
      [status >= 500, "API_UNAVAILABLE", "Huawei Cloud IAM is unavailable right now."],
    ];
    const [, code, message] = table.find(([matches]) => matches) ?? [
      true,
      "API_BAD_ANSWER",
      `Huawei Cloud IAM gave an unexpected answer (HTTP ${status}).`,
    ];
    return new OmsbotError(code, message, { detail, status });
  }
}

function badAnswer(message: string, status: number): OmsbotError {
  return new OmsbotError("API_BAD_ANSWER", message, { detail: "IAM POST /v3/auth/tokens", status });
}

/**
 * Coded errors. `userMessage` is written for the person who typed the command, in Slack mrkdwn
 * with anything quoted from outside already escaped (escapeMrkdwn), so adapters pass it as is;
 * `detail` is for the operator's log. Neither ever holds a secret.
 */
export type ErrorCode =
  // input the user typed
  | "BAD_COMMAND"
  | "BAD_RANGE"
  | "TASK_NOT_FOUND"
  | "TASK_AMBIGUOUS"
  | "FORBIDDEN_USER"
  // configuration
  | "CONFIG_INVALID"
  // cloud APIs
  | "API_NOT_FOUND"
  | "API_AUTH"
  | "API_FORBIDDEN"
  | "API_THROTTLED"
  | "API_UNAVAILABLE"
  | "API_BAD_ANSWER"
  | "API_BAD_REQUEST"
  | "API_TIMEOUT"
  // chat platforms, for what the bot posts on its own
  | "CHAT_MESSAGE_GONE"
  | "CHAT_CANNOT_POST"
  | "CHAT_UNAVAILABLE"
  // the bot itself
  | "STATE_LOCKED"
  | "STATE_UNAVAILABLE"
  | "RENDER_FAILED"
  | "INTERNAL";

export interface OmsbotErrorOptions {
  /** For the operator's log: request IDs, HTTP status, API error codes. Never secrets. */
  detail?: string;
  cause?: unknown;
  /** HTTP status of the answer that caused it, when there was one. */
  status?: number;
  /** The vendor's own error code (`OMS.1009`, `APIGW.0308`, ...), when there was one. */
  apiCode?: string;
}

export class OmsbotError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly detail: string | undefined;
  readonly status: number | undefined;
  readonly apiCode: string | undefined;

  constructor(code: ErrorCode, userMessage: string, options: OmsbotErrorOptions = {}) {
    super(`${code}: ${userMessage}${options.detail ? ` (${options.detail})` : ""}`, {
      cause: options.cause,
    });
    this.name = "OmsbotError";
    this.code = code;
    this.userMessage = userMessage;
    this.detail = options.detail;
    this.status = options.status;
    this.apiCode = options.apiCode;
  }
}

/** Errors the user caused by what they typed: shown to them, logged at debug only. */
export const USER_ERROR_CODES: ReadonlySet<ErrorCode> = new Set([
  "BAD_COMMAND",
  "BAD_RANGE",
  "TASK_NOT_FOUND",
  "TASK_AMBIGUOUS",
  "FORBIDDEN_USER",
]);

export function isOmsbotError(e: unknown): e is OmsbotError {
  return e instanceof OmsbotError;
}

/** Wraps anything thrown into an OmsbotError without losing it (kept as `cause`). */
export function toOmsbotError(e: unknown): OmsbotError {
  if (e instanceof OmsbotError) return e;
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new OmsbotError(
    "INTERNAL",
    "Something went wrong on the bot's side; it has been logged.",
    {
      detail,
      cause: e,
    },
  );
}

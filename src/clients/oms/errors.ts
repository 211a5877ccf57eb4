/**
 * OMS error answers → coded errors (api-notes "Errors"): `{error_code, error_msg}` from OMS,
 * `APIGW.*` codes from the API gateway in the same shape.
 */
import { type ErrorCode, OmsbotError } from "../../errors.ts";
import { errorBodySchema } from "./schemas.ts";

/**
 * Codes whose meaning does not follow from the HTTP status alone. Maps, not object literals: a
 * code is the server's text, and `constructor` must not find Object's.
 */
const CODE_MEANING = new Map<string, ErrorCode>([
  // "no resources found", sent as HTTP 400.
  ["OMS.1009", "API_NOT_FOUND"],
  // invalid task ID: for a user who typed an ID, that is "no such task".
  ["OMS.0054", "API_NOT_FOUND"],
  ["OMS.0206", "API_FORBIDDEN"],
  ["OMS.2004", "API_UNAVAILABLE"],
  ["APIGW.0308", "API_THROTTLED"],
]);

export function readApiError(body: unknown): { code?: string; message?: string } {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return {};
  const b = parsed.data;
  if ("error_code" in b) return { code: b.error_code, message: b.error_msg };
  if ("error_code" in b.error) return { code: b.error.error_code, message: b.error.error_msg };
  return { code: String(b.error.code), message: b.error.message };
}

export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "API_AUTH";
  if (status === 403) return "API_FORBIDDEN";
  if (status === 404) return "API_NOT_FOUND";
  if (status === 429) return "API_THROTTLED";
  if (status >= 500) return "API_UNAVAILABLE";
  return "API_BAD_REQUEST";
}

const USER_MESSAGE: Partial<Record<ErrorCode, (what: string) => string>> = {
  API_NOT_FOUND: (what) => `OMS has no ${what}. Check the ID with \`list\`.`,
  API_FORBIDDEN: () =>
    "The bot's OMS credentials are not allowed to read sync tasks (they need oms:synctask:* read permissions). Ask an admin.",
  API_THROTTLED: () => "OMS is throttling requests right now. Try again in a minute.",
  API_UNAVAILABLE: () => "OMS is not available right now. Try again in a minute.",
  API_AUTH: () => "OMS refused the bot's credentials.",
  API_BAD_REQUEST: (what) => `OMS refused the request for ${what}.`,
  API_BAD_ANSWER: () => "OMS sent an answer the bot cannot read.",
  API_TIMEOUT: () => "OMS did not answer in time. Try again in a minute.",
};

/** Codes that say more than their ErrorCode's usual message. */
const API_CODE_MESSAGE = new Map<string, (what: string) => string>([
  // OMS answers 403 OMS.0206 both for missing permissions and for a project ID the credentials
  // do not belong to (api-notes "Errors"; the simulator does the latter), and a mistyped
  // project ID is the likelier of the two on a first run.
  [
    "OMS.0206",
    () =>
      "OMS refused access (`OMS.0206`). The project ID may be wrong: check the bot's `OMS_PROJECT_ID` setting (the project in the region of `OMS_REGION`/`OMS_ENDPOINT`). If it is right, the bot's credentials lack OMS permissions (they need oms:synctask:* read permissions). Ask an admin.",
  ],
  // Reaches the user only when halving the window did not help (client.ts MAX_SPLIT_DEPTH).
  [
    "OMS.0003",
    (what) =>
      `OMS refused the time range for ${what} as too large, even asked for in small pieces. Try a shorter range.`,
  ],
]);

/** 400 OMS.0003, "time range too large": the statistics window is to be asked for in halves. */
export function isRangeTooLarge(e: OmsbotError): boolean {
  return e.status === 400 && e.apiCode === "OMS.0003";
}

export function mapOmsError(status: number, body: unknown, what: string): OmsbotError {
  const api = readApiError(body);
  const code = (api.code ? CODE_MEANING.get(api.code) : undefined) ?? codeForStatus(status);
  const detail = `${what}: HTTP ${status}${api.code ? ` ${api.code}` : ""}${api.message ? ` ${api.message}` : ""}`;
  const message =
    (api.code ? API_CODE_MESSAGE.get(api.code) : undefined) ??
    USER_MESSAGE[code] ??
    USER_MESSAGE.API_BAD_REQUEST;
  return new OmsbotError(code, message ? message(what) : `OMS refused the request for ${what}.`, {
    detail,
    status,
    apiCode: api.code,
  });
}

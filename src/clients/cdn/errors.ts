/**
 * CDN error answers → coded errors. CDN's own errors are `{"error": {"error_code", "error_msg"}}`
 * (seed 003 "ErrMsg"; api-notes), the API gateway's are `{error_code, error_msg}`: the OMS
 * reader understands both. Messages say "CDN", never "OMS": a CDN outage must not read as if the
 * OMS features were down too.
 */
import { type ErrorCode, OmsbotError } from "../../errors.ts";
import { codeForStatus, readApiError } from "../oms/errors.ts";

const CODE_MEANING = new Map<string, ErrorCode>([["APIGW.0308", "API_THROTTLED"]]);

export const CDN_UNAVAILABLE = "CDN is not available right now. Try again in a few minutes.";

const USER_MESSAGE: Partial<Record<ErrorCode, (what: string) => string>> = {
  API_AUTH: () =>
    "CDN refused the bot's credentials: check HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK and CDN_DOMAIN_ID.",
  API_FORBIDDEN: () =>
    "CDN refused access: check that CDN_DOMAIN_ID is the account ID of the bot's AK/SK, and that they may read CDN statistics (CDN read permissions). Ask an admin.",
  API_NOT_FOUND: (what) => `CDN has no ${what}.`,
  API_THROTTLED: () => "CDN is throttling requests right now. Try again in a minute.",
  API_UNAVAILABLE: () => CDN_UNAVAILABLE,
  API_TIMEOUT: () => "CDN did not answer in time. Try again in a minute.",
  API_BAD_REQUEST: (what) => `CDN refused the request for ${what}.`,
};

export function mapCdnError(status: number, body: unknown, what: string): OmsbotError {
  const api = readApiError(body);
  const code = (api.code ? CODE_MEANING.get(api.code) : undefined) ?? codeForStatus(status);
  const detail = `${what}: HTTP ${status}${api.code ? ` ${api.code}` : ""}${api.message ? ` ${api.message}` : ""}`;
  const message = (USER_MESSAGE[code] ?? USER_MESSAGE.API_BAD_REQUEST)?.(what);
  return new OmsbotError(code, message ?? `CDN refused the request for ${what}.`, {
    detail,
    status,
    apiCode: api.code,
  });
}

/**
 * The simulator's API gateway check: a request passes with a valid X-Auth-Token (a fixed one or
 * one our IAM issued and has not expired) or a valid SDK-HMAC-SHA256 signature.
 *
 * Refusals copy the gateway's: HTTP 401, `APIGW.0301` "Incorrect IAM authentication information:
 * …" with the reasons the signing guide lists ("verify aksk signature fail", "decrypt token fail",
 * "Get secretKey failed … ak not exist";
 * https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-0001.html). For a request with
 * no credentials at all no code is documented; we chose APIGW.0301 too.
 */
import type { IncomingMessage } from "node:http";
import { verifyAkSk } from "../clients/auth/aksk-signer.ts";
import type { RequestToAuthorize } from "../clients/auth/types.ts";
import type { IamTokenIssuer } from "./iam.ts";

export interface CheckAuthOptions {
  /** ak → sk */
  secrets: Map<string, string>;
  staticTokens: Set<string>;
  iam?: IamTokenIssuer;
  now: () => number;
}

export type CheckAuthResult =
  | { ok: true }
  | { ok: false; status: 401; body: { error_code: string; error_msg: string } };

const IAM_AUTH_CODE = "APIGW.0301";

function refuse(reason: string): CheckAuthResult {
  return {
    ok: false,
    status: 401,
    body: {
      error_code: IAM_AUTH_CODE,
      error_msg: `Incorrect IAM authentication information: ${reason}`,
    },
  };
}

function header(req: RequestToAuthorize, name: string): string | undefined {
  for (const [key, value] of Object.entries(req.headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

export function checkAuth(req: RequestToAuthorize, opts: CheckAuthOptions): CheckAuthResult {
  const token = header(req, "x-auth-token");
  if (token !== undefined) {
    const valid = opts.staticTokens.has(token) || (opts.iam?.isValid(token) ?? false);
    // The gateway says the same for unknown, expired and revoked tokens.
    return valid ? { ok: true } : refuse("decrypt token fail");
  }
  if (header(req, "authorization") === undefined) {
    return refuse("no X-Auth-Token and no AK/SK signature in the request");
  }
  const verdict = verifyAkSk(req, (ak) => opts.secrets.get(ak), new Date(opts.now()));
  return verdict.ok ? { ok: true } : refuse(verdict.reason);
}

/** What checkAuth needs from a node:http request whose body has been read. */
export function requestToAuthorize(
  req: IncomingMessage,
  body: string | Uint8Array,
): RequestToAuthorize {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  return { method: req.method ?? "GET", url, headers, body };
}

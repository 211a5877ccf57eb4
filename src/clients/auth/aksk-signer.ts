/**
 * Signs and verifies Huawei Cloud `SDK-HMAC-SHA256` requests (api-notes.md "Authentication";
 * official signer: @huaweicloud/huaweicloud-sdk-core auth/AKSKSigner.js; differences in README).
 */
import { timingSafeEqual } from "node:crypto";
import {
  ALGORITHM,
  computeSignature,
  formatSdkDate,
  HEADER_CONTENT_SHA256,
  HEADER_DATE,
  lowerCaseHeaders,
  parseSdkDate,
  payloadHash,
} from "./aksk-canonical.ts";
import type { RequestToAuthorize } from "./types.ts";

export interface AkSkCredentials {
  ak: string;
  sk: string;
  /** Temporary credentials only. */
  securityToken?: string;
  /** Project-level services such as OMS. */
  projectId?: string;
  /** Domain-level (global) services such as CDN. */
  domainId?: string;
}

/** The gateway refuses an X-Sdk-Date further than this from its clock (api-notes step 1). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/**
 * Headers to add to `req` so the gateway accepts it. Their names replace any same-named header
 * (any case) the caller set. `host` is returned, as the official signer does, so the Host sent is
 * the one signed; a caller-set `host` header is signed instead of the URL's. An X-Sdk-Date the
 * caller already set is honoured (and not returned), again like the official signer.
 */
export function signAkSk(
  req: RequestToAuthorize,
  creds: AkSkCredentials,
  now: Date,
): Record<string, string> {
  const signed = lowerCaseHeaders(req.headers);
  // multipart boundaries are rewritten by form encoders, so the official signer leaves it out.
  if (signed.get("content-type")?.includes("multipart/form-data")) signed.delete("content-type");

  const added: Record<string, string> = {};
  const add = (name: string, value: string): void => {
    added[name] = value;
    signed.set(name.toLowerCase(), value);
  };
  if (creds.projectId) add("X-Project-Id", creds.projectId);
  if (creds.domainId) add("X-Domain-Id", creds.domainId);
  if (creds.securityToken) add("X-Security-Token", creds.securityToken);
  const callerDate = signed.get(HEADER_DATE);
  if (callerDate === undefined) add("X-Sdk-Date", formatSdkDate(now));
  else if (!parseSdkDate(callerDate)) throw new Error("X-Sdk-Date must be YYYYMMDDTHHmmssZ");
  if (!signed.has("host")) add("host", req.url.host);

  const { signedHeaderNames, signature } = computeSignature(
    { method: req.method, url: req.url, signedHeaders: signed, body: req.body },
    creds.sk,
  );
  added.Authorization = `${ALGORITHM} Access=${creds.ak}, SignedHeaders=${signedHeaderNames}, Signature=${signature}`;
  return added;
}

export type AkSkVerdict = { ok: true; ak: string } | { ok: false; reason: string };

const AUTHORIZATION =
  /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*),\s*Signature=([0-9a-f]{64})$/;

function equalHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * What the gateway does with a signed request: recompute the signature over the headers that
 * SignedHeaders names and compare. Reasons are safe to show: they never hold a secret.
 */
export function verifyAkSk(
  req: RequestToAuthorize,
  lookupSecret: (ak: string) => string | undefined,
  now: Date,
): AkSkVerdict {
  let headers: Map<string, string>;
  try {
    headers = lowerCaseHeaders(req.headers);
  } catch {
    return { ok: false, reason: "a header is given twice" };
  }
  const authorization = headers.get("authorization");
  if (authorization === undefined) return { ok: false, reason: "no Authorization header" };
  const m = AUTHORIZATION.exec(authorization.trim());
  const [, ak, names, signature] = m ?? [];
  if (!ak || !names || !signature) return { ok: false, reason: "malformed Authorization header" };
  const sk = lookupSecret(ak);
  if (sk === undefined) return { ok: false, reason: "Get secretKey failed, err: ak not exist" };

  const signedNames = names.split(";");
  if (!signedNames.includes(HEADER_DATE) || !signedNames.includes("host")) {
    return { ok: false, reason: "SignedHeaders must include host and x-sdk-date" };
  }
  const signed = new Map<string, string>();
  for (const name of signedNames) {
    const value = headers.get(name);
    if (value === undefined) return { ok: false, reason: `signed header ${name} is missing` };
    signed.set(name, value);
  }

  const date = parseSdkDate(signed.get(HEADER_DATE) ?? "");
  if (!date) return { ok: false, reason: "X-Sdk-Date is not YYYYMMDDTHHmmssZ" };
  if (Math.abs(now.getTime() - date.getTime()) > MAX_CLOCK_SKEW_MS) {
    return { ok: false, reason: "X-Sdk-Date is more than 15 minutes from the server's clock" };
  }

  // A declared body hash must match the body, or a tampered body would pass unnoticed.
  const declared = signed.get(HEADER_CONTENT_SHA256);
  if (declared && declared !== "UNSIGNED-PAYLOAD" && declared !== payloadHash(req.body)) {
    return { ok: false, reason: "the body does not match X-Sdk-Content-Sha256" };
  }

  const expected = computeSignature(
    { method: req.method, url: req.url, signedHeaders: signed, body: req.body },
    sk,
  );
  if (expected.signedHeaderNames !== names || !equalHex(expected.signature, signature)) {
    return { ok: false, reason: "verify aksk signature fail" };
  }
  return { ok: true, ak };
}

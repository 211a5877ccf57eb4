/**
 * The ADS gateway's signature check as the simulator does it (api-notes "SenseCore ADS"):
 * `X-Date` in RFC 1123 GMT, `Authorization: hmac accesskey="…", algorithm="hmac-sha256",
 * headers="x-date", signature="base64(HMAC-SHA256(SK, "x-date: <X-Date>"))"`.
 *
 * Written apart from clients/auth/ads-hmac.ts on purpose: a verifier sharing the signer's code
 * would accept whatever the signer got wrong. The allowed clock skew is not documented for ADS;
 * 15 minutes (the Huawei gateway's) is ASSUMED.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const ADS_MAX_SKEW_MS = 15 * 60_000;

const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function checkAdsAuth(
  headers: IncomingHttpHeaders,
  secrets: Record<string, string>,
  now: number,
): { ok: true } | { ok: false; reason: string } {
  const authorization = one(headers.authorization);
  const xDate = one(headers["x-date"]);
  if (!authorization || !xDate) return { ok: false, reason: "missing Authorization or X-Date" };
  if (!RFC1123.test(xDate)) return { ok: false, reason: "X-Date is not an RFC 1123 GMT date" };
  const at = Date.parse(xDate);
  if (!Number.isFinite(at) || Math.abs(now - at) > ADS_MAX_SKEW_MS) {
    return { ok: false, reason: "X-Date is too far from the server's clock" };
  }
  const fields = new Map<string, string>();
  const m = /^hmac\s+(.*)$/i.exec(authorization);
  for (const part of (m?.[1] ?? "").split(/,\s*/)) {
    const kv = /^([a-z]+)="([^"]*)"$/.exec(part.trim());
    if (kv?.[1] && kv[2] !== undefined) fields.set(kv[1], kv[2]);
  }
  if (fields.get("algorithm") !== "hmac-sha256" || fields.get("headers") !== "x-date") {
    return { ok: false, reason: "unsupported algorithm or signed headers" };
  }
  const ak = fields.get("accesskey") ?? "";
  const sk = Object.hasOwn(secrets, ak) ? secrets[ak] : undefined;
  if (sk === undefined) return { ok: false, reason: "access key not found" };
  const expected = createHmac("sha256", sk).update(`x-date: ${xDate}`).digest();
  const given = Buffer.from(fields.get("signature") ?? "", "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "signature mismatch" };
  }
  return { ok: true };
}

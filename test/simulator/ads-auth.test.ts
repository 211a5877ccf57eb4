/** The simulator's ADS signature check, apart from the client's signer. */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkAdsAuth } from "../../src/simulator/ads-auth.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 3, 7);
const DATE = "Sun, 22 Nov 2026 12:03:07 GMT";
const secrets = { AK1: "SK1" };
const sig = (sk: string, date: string) =>
  createHmac("sha256", sk).update(`x-date: ${date}`).digest("base64");
const auth = (ak: string, signature: string, algorithm = "hmac-sha256", headers = "x-date") =>
  `hmac accesskey="${ak}", algorithm="${algorithm}", headers="${headers}", signature="${signature}"`;

describe("checkAdsAuth", () => {
  it("accepts the api-notes signature", () => {
    const h = { "x-date": DATE, authorization: auth("AK1", sig("SK1", DATE)) };
    expect(checkAdsAuth(h, secrets, NOW)).toEqual({ ok: true });
  });

  it.each([
    ["no headers", {}, "missing"],
    ["unknown AK", { "x-date": DATE, authorization: auth("AK2", sig("SK1", DATE)) }, "not found"],
    ["wrong SK", { "x-date": DATE, authorization: auth("AK1", sig("SK2", DATE)) }, "mismatch"],
    [
      "other algorithm",
      { "x-date": DATE, authorization: auth("AK1", sig("SK1", DATE), "hmac-sha1") },
      "unsupported",
    ],
    [
      "not RFC 1123",
      { "x-date": "2026-11-22T12:03:07Z", authorization: auth("AK1", sig("SK1", DATE)) },
      "RFC 1123",
    ],
    [
      "16 minutes skew",
      {
        "x-date": "Sun, 22 Nov 2026 11:47:07 GMT",
        authorization: auth("AK1", sig("SK1", "Sun, 22 Nov 2026 11:47:07 GMT")),
      },
      "too far",
    ],
  ])("refuses %s", (_name, headers, reason) => {
    const v = checkAdsAuth(headers, secrets, NOW);
    expect(v.ok).toBe(false);
    expect(v.ok ? "" : v.reason).toContain(reason);
  });
});

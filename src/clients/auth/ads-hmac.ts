/**
 * SenseCore ADS request signing (api-notes "SenseCore ADS data-sync tasks"): an `X-Date` header in
 * RFC 1123 GMT and
 * `Authorization: hmac accesskey="AK", algorithm="hmac-sha256", headers="x-date", signature="…"`
 * where the signature is base64(HMAC-SHA256(SK, "x-date: <X-Date>")). Only the date is signed,
 * not the method, path or body, so a fresh date per attempt is all a retry needs.
 */
import { createHmac } from "node:crypto";
import type { AuthProvider, RequestToAuthorize } from "./types.ts";

export interface AdsCredentials {
  ak: string;
  sk: string;
}

/** The string ADS signs: the one signed header, lower-cased name, as `name: value`. */
export function adsStringToSign(xDate: string): string {
  return `x-date: ${xDate}`;
}

export function adsSignature(sk: string, xDate: string): string {
  return createHmac("sha256", sk).update(adsStringToSign(xDate), "utf8").digest("base64");
}

/** The headers to add, for the instant `at`. `toUTCString()` is RFC 1123 with `GMT`. */
export function signAds(creds: AdsCredentials, at: Date): Record<string, string> {
  const xDate = at.toUTCString();
  return {
    "x-date": xDate,
    authorization: `hmac accesskey="${creds.ak}", algorithm="hmac-sha256", headers="x-date", signature="${adsSignature(creds.sk, xDate)}"`,
  };
}

export class AdsHmacProvider implements AuthProvider {
  readonly settingsHint = "ADS_AK / ADS_SK";
  private readonly creds: AdsCredentials;
  private readonly now: () => Date;

  constructor(opts: AdsCredentials & { now?: () => Date }) {
    this.creds = { ak: opts.ak, sk: opts.sk };
    this.now = opts.now ?? (() => new Date());
  }

  async authorize(_req: RequestToAuthorize): Promise<Record<string, string>> {
    return signAds(this.creds, this.now());
  }

  /** Fixed keys: the same ones would be refused again. */
  async onUnauthorized(): Promise<boolean> {
    return false;
  }
}

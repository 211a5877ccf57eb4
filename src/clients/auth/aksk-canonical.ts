/**
 * The canonical request of Huawei Cloud `SDK-HMAC-SHA256` signing, shared by the signer and the
 * verifier so both sides always agree (api-notes.md "Authentication", steps 3–7; the signing guide
 * https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm-002.html).
 */
import { createHash, createHmac } from "node:crypto";

export const ALGORITHM = "SDK-HMAC-SHA256";
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
export const HEADER_DATE = "x-sdk-date";
export const HEADER_CONTENT_SHA256 = "x-sdk-content-sha256";

const utf8 = new TextEncoder();
// Not fatal: a broken %XX sequence becomes U+FFFD, as Python's unquote does in the official SDK.
const utf8Lenient = new TextDecoder("utf-8");

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

/** RFC 3986 encoding of the UTF-8 bytes: only `A-Za-z0-9-._~` stay as they are. */
export function rfc3986Encode(text: string): string {
  let out = "";
  for (const byte of utf8.encode(text)) {
    out += isUnreserved(byte)
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function hexValue(code: number | undefined): number {
  if (code === undefined) return -1;
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** Like Python's `unquote`: valid `%XX` become bytes, anything else (a lone `%`) stays as it is. */
function percentDecode(text: string): string {
  if (!text.includes("%")) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const high = text[i] === "%" ? hexValue(text.charCodeAt(i + 1)) : -1;
    const low = high >= 0 ? hexValue(text.charCodeAt(i + 2)) : -1;
    if (low >= 0) {
      bytes.push(high * 16 + low);
      i += 2;
    } else {
      const cp = text.codePointAt(i) ?? 0;
      if (cp > 0xffff) i++;
      bytes.push(...utf8.encode(String.fromCodePoint(cp)));
    }
  }
  return utf8Lenient.decode(Uint8Array.from(bytes));
}

/**
 * Each segment of the (percent-encoded) URL path is decoded, then RFC 3986-encoded; the result
 * always ends in "/". Decoding first is what the Python and Go SDKs and the gateway do, so a
 * segment means the same whether the client sent `a b` as `%20` or not (see README).
 */
export function canonicalUri(pathname: string): string {
  const path = pathname
    .split("/")
    .map((segment) => rfc3986Encode(percentDecode(segment)))
    .join("/");
  return path.endsWith("/") ? path : `${path}/`;
}

/** JavaScript's default sort: UTF-16 code units, as the official signer's `keys.sort()`. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Keys sorted (decoded, by code units), `key=value` RFC 3986-encoded, joined by `&`; a key given
 * several times is listed once per value, values sorted — the official signer's rule for arrays.
 */
export function canonicalQuery(params: URLSearchParams): string {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of params) {
    const values = byKey.get(key);
    if (values) values.push(value);
    else byKey.set(key, [value]);
  }
  const parts: string[] = [];
  for (const key of [...byKey.keys()].sort(byCodeUnits)) {
    const encodedKey = rfc3986Encode(key);
    for (const value of (byKey.get(key) ?? []).sort(byCodeUnits)) {
      parts.push(`${encodedKey}=${rfc3986Encode(value)}`);
    }
  }
  return parts.join("&");
}

/** Header names lower-cased; a name given twice (in any case) is a caller bug, not guessed at. */
export function lowerCaseHeaders(headers: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (out.has(lower)) throw new Error(`header "${lower}" is given twice in different cases`);
    out.set(lower, value);
  }
  return out;
}

/**
 * `name:value\n` per signed header, names sorted. Values are trimmed because an HTTP server
 * drops surrounding whitespace before the gateway can see it (the Python SDK trims too).
 */
function canonicalHeaders(signed: ReadonlyMap<string, string>): { text: string; names: string } {
  const names = [...signed.keys()].sort(byCodeUnits);
  const text = names.map((name) => `${name}:${(signed.get(name) ?? "").trim()}\n`).join("");
  return { text, names: names.join(";") };
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Hex SHA-256 of the body, unless the caller named it in X-Sdk-Content-Sha256 (e.g. UNSIGNED-PAYLOAD). */
export function payloadHash(body: string | Uint8Array | undefined, declared?: string): string {
  if (declared) return declared;
  if (body === undefined || body.length === 0) return EMPTY_BODY_SHA256;
  return sha256Hex(body);
}

export interface CanonicalInput {
  method: string;
  url: URL;
  /** Lower-case name → value, exactly the headers that are signed. */
  signedHeaders: ReadonlyMap<string, string>;
  body?: string | Uint8Array;
}

export interface Signature {
  /** `a;b;c`, as it goes into the Authorization header. */
  signedHeaderNames: string;
  /** Hex HMAC-SHA256(SK, StringToSign). */
  signature: string;
}

/** CanonicalRequest → StringToSign → HMAC, for one X-Sdk-Date value (taken from the headers). */
export function computeSignature(input: CanonicalInput, sk: string): Signature {
  const headers = canonicalHeaders(input.signedHeaders);
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.url.pathname),
    canonicalQuery(input.url.searchParams),
    headers.text,
    headers.names,
    payloadHash(input.body, input.signedHeaders.get(HEADER_CONTENT_SHA256)),
  ].join("\n");
  const sdkDate = (input.signedHeaders.get(HEADER_DATE) ?? "").trim();
  const stringToSign = `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
  return {
    signedHeaderNames: headers.names,
    signature: createHmac("sha256", sk).update(stringToSign).digest("hex"),
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** `YYYYMMDDTHHmmssZ` in UTC (api-notes "Authentication" step 1). */
export function formatSdkDate(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
  );
}

/** The instant an X-Sdk-Date names, or undefined when it is not `YYYYMMDDTHHmmssZ`. */
export function parseSdkDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h ?? 0, mi ?? 0, s ?? 0);
  const date = new Date(ms);
  // Reject 20240231T… and the like instead of letting Date.UTC roll it over.
  return formatSdkDate(date) === text.trim() ? date : undefined;
}

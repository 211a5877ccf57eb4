/**
 * Every secret value in a Config, for the logger to mask by value (logger.ts): tokens, AK/SK,
 * passwords, and the credentials inside proxy and Redis URLs. The AK is listed too: it is only
 * an ID, but an ID that names whose keys to try.
 */
import type { Config } from "../config.ts";

export function configSecrets(c: Config): string[] {
  const out: Array<string | undefined> = [];
  if (c.slack.mode === "socket") out.push(c.slack.botToken, c.slack.appToken);
  if (c.slack.mode === "http") out.push(c.slack.botToken, c.slack.signingSecret);
  if (c.oms.kind === "cloud") {
    const a = c.oms.auth;
    if (a.kind === "aksk") out.push(a.ak, a.sk, a.securityToken);
    if (a.kind === "token") out.push(a.token);
    if (a.kind === "iam") out.push(a.password);
  }
  if (c.ads) out.push(c.ads.ak, c.ads.sk);
  for (const url of [c.proxy.httpsProxy, c.proxy.httpProxy, c.redisUrl]) {
    out.push(...urlCredentials(url));
  }
  return [...new Set(out.filter((s): s is string => Boolean(s)))];
}

/** The password in a URL, as written (percent-encoded) and decoded. */
function urlCredentials(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const { password } = new URL(url);
    if (!password) return [];
    return [password, safeDecode(password)];
  } catch {
    // Not a URL after all (config validates them); nothing to extract.
    return [];
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

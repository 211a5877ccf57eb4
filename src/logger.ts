import { randomBytes } from "node:crypto";
import pino, { type Logger } from "pino";

/**
 * Secrets can reach a log through an object someone logs whole; these keys are censored at the
 * top and one or two levels down (pino redact syntax; keys are case-sensitive, so the header
 * names are listed as undici and Node spell them).
 */
const SECRET_KEYS = [
  "sk",
  "ak",
  "password",
  "token",
  "botToken",
  "appToken",
  "signingSecret",
  "securityToken",
  "authToken",
  "httpsProxy",
  "httpProxy",
];
const HEADERS = [
  "authorization",
  "Authorization",
  '["proxy-authorization"]',
  '["x-auth-token"]',
  '["X-Auth-Token"]',
  '["x-security-token"]',
  '["X-Security-Token"]',
  '["x-subject-token"]',
  '["X-Subject-Token"]',
];
const REDACT = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  ...HEADERS.flatMap((h) => {
    const path = h.startsWith("[") ? `headers${h}` : `headers.${h}`;
    return [path, `*.${path}`, `*.*.${path}`];
  }),
];

/**
 * Values shorter than this are not masked by value: a 3-letter "secret" would blank out every
 * word that contains it. Real tokens, keys and passwords are far longer.
 */
const MIN_SECRET_LENGTH = 6;
const MASK = "[redacted]";

/**
 * Shapes that are secrets wherever they appear, whoever wrote them: credentials in a URL
 * (`http://user:pass@proxy`) and Slack tokens.
 */
const SECRET_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s"'@]+@/gi, `$1${MASK}@`],
  [/xox[abposr]-[A-Za-z0-9-]+/g, `xox-${MASK}`],
  [/xapp-[A-Za-z0-9-]+/g, `xapp-${MASK}`],
];

export interface LoggerOptions {
  /**
   * Known secret values (tokens, SK, passwords, proxy credentials from the config): masked in
   * every line, as written, JSON-escaped or URL-encoded. Redact paths only cover keys someone
   * thought of; a secret quoted inside a message or an error's text has no key.
   */
  secrets?: readonly (string | undefined)[];
}

export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  o: LoggerOptions = {},
): Logger {
  const mask = secretMasker(o.secrets ?? []);
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: MASK },
      base: { app: "omsbot" },
      hooks: { streamWrite: mask },
    },
    destination,
  );
}

/** The line as written, with every known secret value and secret-shaped text masked. */
export function secretMasker(secrets: readonly (string | undefined)[]): (line: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
  }
  // Longest first: a secret that contains another is masked whole, not half.
  const known = [...forms].sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    for (const f of known) if (out.includes(f)) out = out.split(f).join(MASK);
    for (const [re, replacement] of SECRET_SHAPES) out = out.replace(re, replacement);
    return out;
  };
}

/** A short random ID for a log line's correlation field (`cmd`, `run`): 8 base-36 characters. */
export function shortId(): string {
  return randomBytes(5).readUIntBE(0, 5).toString(36).padStart(8, "0").slice(-8);
}

/**
 * A child logger for one scheduled run (an alert evaluation, a digest): every line it writes
 * carries the same `run` ID, so one round can be read alone in a busy log.
 */
export function withRunId(logger: Logger, kind: "alerts" | "digest" | (string & {})): Logger {
  return logger.child({ run: shortId(), kind });
}

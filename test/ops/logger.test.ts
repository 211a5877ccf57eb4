/** Log hygiene: secrets masked by key and by value, wherever they sit in a line; run IDs. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createLogger, secretMasker, withRunId } from "../../src/logger.ts";
import { configSecrets } from "../../src/ops/config-secrets.ts";

const SK = "sk-TEST-9f8e7d6c5b4a39281706";
const PASSWORD = 'pa"ss\\word with space/+?';
const TOKEN = "xoxb-1111-2222-abcdEFGH";

function capture(secrets: string[] = [], level = "trace") {
  const out: string[] = [];
  const logger = createLogger(level, { write: (l: string) => void out.push(l) }, { secrets });
  return { out, logger, text: () => out.join("") };
}

describe("createLogger", () => {
  it("censors secret keys at the top and nested, and the auth headers", () => {
    const { logger, text } = capture();
    logger.info({ sk: SK, password: "p1-secret", token: "t1-secret" }, "top");
    logger.info({ auth: { sk: SK, securityToken: "st-secret" } }, "nested");
    logger.info(
      {
        req: {
          headers: {
            authorization: "SDK-HMAC-SHA256 Access=AK, Signature=abcdef",
            "x-auth-token": "iam-token-secret",
            "X-Security-Token": "sec-token-secret",
          },
        },
      },
      "headers",
    );
    logger.info({ headers: { Authorization: "Bearer top-level-secret" } }, "top headers");
    for (const s of [
      SK,
      "p1-secret",
      "t1-secret",
      "st-secret",
      "Signature=abcdef",
      "iam-token-secret",
      "sec-token-secret",
      "top-level-secret",
    ]) {
      expect(text(), s).not.toContain(s);
    }
    expect(text()).toContain("[redacted]");
  });

  it("masks known secret values anywhere: message, error text, bindings; escaped or encoded", () => {
    const { logger, text } = capture([SK, PASSWORD]);
    logger.child({ note: `k=${SK}` }).warn(`failed with ${SK}`);
    logger.error({ err: new Error(`IAM refused ${PASSWORD}`) }, "iam");
    logger.info({ url: `https://u:${encodeURIComponent(PASSWORD)}@proxy:8080` }, "proxy");
    logger.info({ detail: { deep: [{ v: PASSWORD }] } }, "deep");
    expect(text()).not.toContain(SK);
    expect(text()).not.toContain(JSON.stringify(PASSWORD).slice(1, -1));
    expect(text()).not.toContain(encodeURIComponent(PASSWORD));
    expect(text().match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(5);
  });

  it("masks URL credentials and Slack tokens it was not told about", () => {
    const mask = secretMasker([]);
    expect(mask('{"u":"http://bob:s3cr3t@10.0.0.1:3128/"}')).toBe(
      '{"u":"http://[redacted]@10.0.0.1:3128/"}',
    );
    expect(mask(`{"m":"${TOKEN} and xapp-1-A0-99-zz"}`)).not.toMatch(/abcdEFGH|A0-99/);
    // Not everything with an @ is a credential.
    expect(mask('{"m":"mail ops@example.com, see https://example.com/a@b"}')).toBe(
      '{"m":"mail ops@example.com, see https://example.com/a@b"}',
    );
  });

  it("does not mask values too short to be secrets (they would blank out ordinary words)", () => {
    expect(secretMasker(["abc"])('{"msg":"abc def"}')).toBe('{"msg":"abc def"}');
  });

  it("gives each scheduled run a child with its own run ID", () => {
    const { logger, out } = capture([], "info");
    const a = withRunId(logger, "alerts");
    const b = withRunId(logger, "digest");
    a.info("one");
    a.info("two");
    b.info("three");
    const lines = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.kind)).toEqual(["alerts", "alerts", "digest"]);
    expect(lines[0]?.run).toBe(lines[1]?.run);
    expect(lines[0]?.run).not.toBe(lines[2]?.run);
    expect(String(lines[0]?.run)).toMatch(/^[0-9a-z]{8}$/);
  });
});

describe("configSecrets", () => {
  it("lists every secret of a config, proxy and Redis passwords included", () => {
    const secrets = configSecrets(
      loadConfig({
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: "signing-secret-123",
        OMS_ENDPOINT: "http://127.0.0.1:9",
        OMS_PROJECT_ID: "p1",
        HUAWEICLOUD_SDK_AK: "AKAKAKAKAKAKAKAKAKAK",
        HUAWEICLOUD_SDK_SK: SK,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: "security-token-123",
        HTTPS_PROXY: "http://user:pr%40xy-pass@127.0.0.1:3128",
        REDIS_URL: "redis://:redis-pass-1@127.0.0.1:6379",
      }),
    );
    for (const s of [
      TOKEN,
      "signing-secret-123",
      "AKAKAKAKAKAKAKAKAKAK",
      SK,
      "security-token-123",
      "pr%40xy-pass",
      "pr@xy-pass",
      "redis-pass-1",
    ]) {
      expect(secrets).toContain(s);
    }
  });
});

/** The adapter's small parts: caches, metrics text, mention stripping, redaction, error codes. */
import pino from "pino";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/chat/slack/bolt-logger.ts";
import { SlackMetrics, slackErrorLabel } from "../../src/chat/slack/metrics.ts";
import { stripMention } from "../../src/chat/slack/on-mention.ts";
import {
  cannotPostAdvice,
  SlackDeliveryError,
  slackErrorCode,
} from "../../src/chat/slack/slack-errors.ts";
import { TtlCache } from "../../src/chat/slack/ttl-cache.ts";
import { UserTimezones } from "../../src/chat/slack/user-tz.ts";

describe("TtlCache", () => {
  it("expires entries and stays within its size", () => {
    let now = 0;
    const c = new TtlCache<string, number>(1000, 2, () => now);
    c.set("a", 1);
    c.set("b", 2);
    c.set("c", 3);
    expect(c.size).toBe(2);
    expect(c.get("a")).toBeUndefined();
    now = 999;
    expect(c.get("b")).toBe(2);
    now = 1000;
    expect(c.get("b")).toBeUndefined();
    expect(c.addIfAbsent("x", 1)).toBe(true);
    expect(c.addIfAbsent("x", 1)).toBe(false);
  });
});

describe("UserTimezones", () => {
  it("asks users.info once per user while cached, and shares concurrent asks", async () => {
    let calls = 0;
    const tz = new UserTimezones(
      {
        users: {
          info: async () => {
            calls += 1;
            return { user: { tz: "America/New_York" } };
          },
        },
      },
      { defaultTz: "UTC", logger: pino({ level: "silent" }) },
    );
    const [a, b] = await Promise.all([tz.get("U1"), tz.get("U1")]);
    expect([a, b, await tz.get("U1")]).toEqual([
      "America/New_York",
      "America/New_York",
      "America/New_York",
    ]);
    expect(calls).toBe(1);
  });

  it("uses the default for an unknown or invalid tz", async () => {
    const tz = new UserTimezones(
      { users: { info: async () => ({ user: { tz: "Not/AZone" } }) } },
      { defaultTz: "Europe/Berlin", logger: pino({ level: "silent" }) },
    );
    expect(await tz.get("U2")).toBe("Europe/Berlin");
  });
});

describe("metrics", () => {
  it("bounds Slack error labels to Slack's code shapes", () => {
    expect(slackErrorLabel("code", "not_in_channel")).toBe("not_in_channel");
    expect(slackErrorLabel("code", "denied for C0LEAK")).toBe("other");
    expect(slackErrorLabel("code", "xoxb-1-2")).toBe("other");
    expect(slackErrorLabel("method", "chat.postMessage")).toBe("chat.postMessage");
    expect(slackErrorLabel("method", "U0LEAK")).toBe("other");
  });

  it("puts its counters on the registry it is given, labels bounded", async () => {
    const registry = new Registry();
    const m = new SlackMetrics(registry);
    m.error("chat.postMessage", "channel C0123 is gone");
    m.replied("command", "told_asker");
    m.ackSeconds.observe(0.002);
    const text = await registry.metrics();
    expect(text).toContain('omsbot_slack_errors_total{method="chat.postMessage",code="other"} 1');
    expect(text).toContain('omsbot_slack_replies_total{source="command",outcome="told_asker"} 1');
    expect(text).toContain('omsbot_slack_ack_seconds_bucket{le="0.005"} 1');
    expect(text).not.toContain("C0123");
  });
});

describe("stripMention", () => {
  it("removes the bot's mention wherever it is", () => {
    expect(stripMention("<@UBOT> stats abc", "UBOT")).toBe("stats abc");
    expect(stripMention("hey <@UBOT|omsbot>   list", "UBOT")).toBe("hey list");
    expect(stripMention("<@UOTHER> list", "UBOT")).toBe("<@UOTHER> list");
    expect(stripMention("<@UBOT> help", undefined)).toBe("help");
    expect(stripMention("<@UBOT>", "UBOT")).toBe("");
  });
});

describe("secrets and errors", () => {
  it("redacts tokens from anything the Slack libraries log", () => {
    const line = redactSecrets(
      '{"token":"abc123","x":"xoxb-1-2-3"} wss://x/link/?ticket=t1&app_id=A xapp-1-A-2',
    );
    expect(line).not.toMatch(/abc123|xoxb-1|ticket=t1|xapp-1/);
  });

  it("reads Slack's error code from web-api errors", () => {
    expect(
      slackErrorCode({
        code: "slack_webapi_platform_error",
        data: { ok: false, error: "not_in_channel" },
      }),
    ).toBe("not_in_channel");
    expect(slackErrorCode({ code: "slack_webapi_request_error" })).toBe("request_error");
    expect(slackErrorCode("x")).toBe("unknown");
    expect(new SlackDeliveryError("chat.postMessage", "is_archived").cannotPostHere).toBe(true);
    expect(new SlackDeliveryError("chat.postMessage", "invalid_blocks").cannotPostHere).toBe(false);
  });

  it("advises DMs differently from channels", () => {
    expect(cannotPostAdvice("channel_not_found", "D123")).toContain("Messages");
    expect(cannotPostAdvice("not_in_channel", "C123")).toContain("/invite @omsbot");
  });
});

/** `alert add <task> failed` (SenseCore ADS), beside `failed > N` (the OMS failure count). */
import { describe, expect, it } from "vitest";
import { ruleService } from "../../src/core/ads-rules.ts";
import { helpText } from "../../src/core/help.ts";
import { parseCommand } from "../../src/core/parse-command.ts";
import { OmsbotError } from "../../src/errors.ts";

const failedRule = (target: object, extra: object = {}) => ({
  name: "alert.add",
  target,
  condition: { kind: "failed" },
  ...extra,
});

describe("alert add … failed", () => {
  it.each([
    [
      "alert add fs-export-checkpoints failed",
      failedRule({ all: false, task: "fs-export-checkpoints" }),
    ],
    ["alert add all failed", failedRule({ all: true })],
    ["alert add ALL FAILED", failedRule({ all: true })],
    [
      "alert add fs-export-checkpoints failed in <#C0123ABCD|ops> repeat 30m",
      failedRule(
        { all: false, task: "fs-export-checkpoints" },
        { channel: { id: "C0123ABCD", name: "ops" }, repeatMs: 30 * 60_000 },
      ),
    ],
    [
      'alert add "my task" failed #ops',
      failedRule({ all: false, task: "my task" }, { channel: { name: "ops" } }),
    ],
  ])("%s", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it("keeps `failed > N` and `failed N` the OMS failure count", () => {
    expect(parseCommand("alert add nightly-backup failed > 10 in 15m")).toMatchObject({
      condition: { kind: "failures", threshold: 10, windowMs: 15 * 60_000 },
    });
    expect(parseCommand("alert add nightly-backup failed 3")).toMatchObject({
      condition: { kind: "failures", threshold: 3 },
    });
  });

  it("refuses a window after `failed`, with an example that parses", () => {
    let message = "";
    try {
      parseCommand("alert add imagenet-train-sync failed in 15m");
    } catch (e) {
      expect(e).toBeInstanceOf(OmsbotError);
      message = (e as OmsbotError).userMessage;
    }
    expect(message).toContain("takes no window");
    const example = /`(alert add imagenet-train-sync failed in #ops)`/.exec(message)?.[1];
    expect(example).toBeDefined();
    expect(parseCommand(example ?? "")).toMatchObject({ condition: { kind: "failed" } });
  });

  it("an `all` rule with `failed` is about ADS; other `all` rules stay OMS", () => {
    const all = { all: true } as const;
    expect(ruleService({ target: all, condition: { kind: "failed" } })).toBe("ads");
    expect(ruleService({ target: all, condition: { kind: "stalled", durationMs: 1 } })).toBe("oms");
    const old = { all: false, taskId: "t", taskName: "n" } as const;
    expect(ruleService({ target: old, condition: { kind: "stopped" } })).toBe("oms");
    expect(
      ruleService({
        target: { ...old, service: "ads" },
        condition: { kind: "stalled", durationMs: 1 },
      }),
    ).toBe("ads");
  });

  it("help alert names the ADS conditions with examples that parse", () => {
    const help = helpText("alert");
    expect(help).toContain("SenseCore ADS tasks");
    for (const ex of [
      "alert add imagenet-train-sync failed in #ops",
      "alert add imagenet-train-sync stalled 1h",
    ]) {
      expect(help).toContain(ex);
      expect(() => parseCommand(ex)).not.toThrow();
    }
  });
});

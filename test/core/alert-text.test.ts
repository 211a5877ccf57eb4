import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Incident } from "../../src/core/alert-model.ts";
import {
  ACK_ACTION_ID,
  describeCondition,
  effectMessage,
  healthNoticeMessage,
  INCIDENT_EVENT_TYPE,
  MUTE_ACTION_ID,
  rootMessage,
  threadReplyMessage,
} from "../../src/core/alert-text.ts";
import type { AlertCondition } from "../../src/core/command.ts";
import { parseCommand } from "../../src/core/parse-command.ts";
import type { ReplyBlock } from "../../src/core/reply.ts";
import { slackDate } from "../../src/core/slack-date.ts";
import { H, M, NOW, rule } from "./alert-fixtures.ts";

const TZ = "Asia/Shanghai";
const base: Incident = {
  id: "inc-7",
  ruleId: "r-1",
  taskId: "t-1",
  taskName: "backup <!here> *prod*",
  channelId: "C1",
  state: "firing",
  rootTs: "1.0001",
  openedAt: NOW,
  lastBreachAt: NOW,
  lastToldValue: 34,
  lastToldAt: NOW,
  value: 34,
  threshold: 10,
  clearStreak: 0,
  condition: { kind: "failures", threshold: 10, windowMs: 15 * M },
  summary: "34 failed in the last 15m (alert above 10)",
  since: NOW - 10 * M,
};

const flat = (blocks: ReplyBlock[]) =>
  blocks
    .flatMap((b) =>
      b.kind === "section" || b.kind === "context"
        ? [b.text]
        : b.kind === "fields"
          ? b.fields.map((f) => `${f.label}: ${f.value}`)
          : [],
    )
    .join("\n");
const buttons = (blocks: ReplyBlock[]) =>
  blocks.flatMap((b) => (b.kind === "buttons" ? b.buttons : []));

describe("slackDate", () => {
  it("each reader's own zone, the fallback in the given one", () => {
    expect(slackDate(Date.UTC(2026, 10, 22, 6, 5), TZ)).toBe(
      "<!date^1795327500^{date_short_pretty} {time}|2026-11-22 14:05 Asia/Shanghai>",
    );
  });
});

describe("rootMessage", () => {
  it("firing: what fired, value against threshold, since when, Ack and Mute 1h, the incident ID in metadata", () => {
    const m = rootMessage(base, TZ);
    const text = flat(m.blocks);
    expect(text).toContain(
      ":rotating_light: *FIRING* · *backup &lt;!here&gt; ∗prod∗* · `failures &gt; 10 in 15m`",
    );
    expect(text).toContain("Value: 34");
    expect(text).toContain("Alert when: above 10");
    expect(text).toContain(`Since: ${slackDate(NOW - 10 * M, TZ)}`);
    expect(text).not.toContain("<!here>");
    expect(buttons(m.blocks)).toEqual([
      { label: "Ack", actionId: ACK_ACTION_ID, command: "alert ack inc-7", style: "primary" },
      { label: "Mute 1h", actionId: MUTE_ACTION_ID, command: "alert mute inc-7 1h" },
    ]);
    expect(m.metadata).toEqual({
      eventType: INCIDENT_EVENT_TYPE,
      payload: { incident_id: "inc-7" },
    });
    expect(m.text).toBe("FIRING: backup &lt;!here&gt; ∗prod∗ · failures &gt; 10 in 15m: 34");
  });

  it("the Mute button's command is one the grammar reads", () => {
    const [, muteButton] = buttons(rootMessage(base, TZ).blocks);
    expect(parseCommand(muteButton?.command ?? "")).toEqual({
      name: "alert.mute",
      target: "inc-7",
      durationMs: H,
    });
  });

  it("acknowledged: who and when, no Ack button", () => {
    const m = rootMessage({ ...base, ackedBy: { userId: "U9", at: NOW + M } }, TZ);
    expect(flat(m.blocks)).toContain(`Acknowledged by <@U9> at ${slackDate(NOW + M, TZ)}.`);
    expect(buttons(m.blocks).map((b) => b.label)).toEqual(["Mute 1h"]);
  });

  it("muted: until when and by whom, no Mute button", () => {
    const m = rootMessage({ ...base, mutedUntil: NOW + H, mutedBy: "U9" }, TZ);
    expect(flat(m.blocks)).toContain(`Muted by <@U9> until ${slackDate(NOW + H, TZ)}`);
    expect(buttons(m.blocks).map((b) => b.label)).toEqual(["Ack"]);
  });

  it("resolved: how long it lasted, buttons gone", () => {
    const m = rootMessage({ ...base, state: "resolved", resolvedAt: NOW + 80 * M }, TZ);
    expect(flat(m.blocks)).toContain(
      `:white_check_mark: *RESOLVED* · *backup &lt;!here&gt; ∗prod∗* · \`failures &gt; 10 in 15m\`\nLasted 1h20m, from ${slackDate(NOW, TZ)} to ${slackDate(NOW + 80 * M, TZ)}.`,
    );
    expect(buttons(m.blocks)).toEqual([]);
    expect(m.text).toMatch(/^RESOLVED: /);
  });

  it.each([
    [{ kind: "failure-rate", percent: 2.5, windowMs: 30 * M }, 7.25, "Value: 7.25%", "above 2.5%"],
    [{ kind: "stopped" }, 1, "Value: stopped", "status STOPPED"],
    [{ kind: "stalled", durationMs: 2 * H }, 150 * M, "Value: idle 2h30m", "idle 2h"],
  ] as [AlertCondition, number, string, string][])(
    "values in the condition's unit: %j",
    (c, v, value, when) => {
      const threshold =
        c.kind === "failure-rate" ? c.percent : c.kind === "stalled" ? c.durationMs : 1;
      const text = flat(
        rootMessage({ ...base, condition: c, lastToldValue: v, threshold }, TZ).blocks,
      );
      expect(text).toContain(value);
      expect(text).toContain(`Alert when: ${when}`);
    },
  );
});

describe("thread replies and notices", () => {
  it("still firing: the value now and before, or unchanged", () => {
    const changed = threadReplyMessage(base, {
      kind: "still-firing",
      value: 57,
      previous: 34,
      summary: "57 failed",
    });
    expect(changed.text).toBe(":rotating_light: Still firing: 57 failed (was 34).");
    const same = threadReplyMessage(base, {
      kind: "still-firing",
      value: 34,
      previous: 34,
      summary: "34 failed",
    });
    expect(same.text).toBe(":rotating_light: Still firing: 34 failed (unchanged).");
  });

  it("resolution", () => {
    const r = threadReplyMessage(base, { kind: "resolved", lastedMs: 95 * M, summary: "0 failed" });
    expect(r.text).toBe(":white_check_mark: Resolved after 1h35m: 0 failed.");
  });

  it("effectMessage: the root for post/update, the reply for a reply, nothing for the chart", () => {
    expect(effectMessage({ kind: "post-root", incidentId: "inc-7" }, base, TZ)).toEqual(
      rootMessage(base, TZ),
    );
    expect(
      effectMessage(
        { kind: "upload-chart", incidentId: "inc-7", range: { start: 0, end: 1 }, threshold: 1 },
        base,
        TZ,
      ),
    ).toBeUndefined();
  });

  it("no data: which alert, since when, which tasks, and that nothing fires meanwhile", () => {
    const r = rule({ kind: "stalled", durationMs: 2 * H }, { id: "r-9" });
    const m = healthNoticeMessage(
      {
        kind: "notice-no-data",
        ruleId: "r-9",
        channelId: "C1",
        failuresInARow: 3,
        lastDataAt: NOW,
        tasks: ["a<b", "c"],
      },
      r,
      TZ,
    );
    expect(m.text).toBe(
      `:warning: Alert \`r-9\` (\`stalled 2h\`) cannot be evaluated: no data from OMS for 3 evaluations in a row; last data ${slackDate(NOW, TZ)}. No statistics for *a&lt;b*, *c*. Nothing fires or resolves until data is back; I'll say when it is.`,
    );
    const noList = healthNoticeMessage(
      { kind: "notice-no-data", ruleId: "r-9", channelId: "C1", failuresInARow: 3, tasks: [] },
      r,
      TZ,
    );
    expect(noList.text).toContain("The task list could not be read.");
    const back = healthNoticeMessage(
      { kind: "notice-data-back", ruleId: "r-9", channelId: "C1", downSince: NOW },
      r,
      TZ,
    );
    expect(back.text).toContain("has data again");
  });
});

describe("describeCondition", () => {
  const condition: fc.Arbitrary<AlertCondition> = fc.oneof(
    fc.record({
      kind: fc.constant("failures" as const),
      threshold: fc.nat(1_000_000),
      windowMs: fc.integer({ min: 1, max: 288 }).map((n) => n * 5 * M),
    }),
    fc.record({
      kind: fc.constant("failure-rate" as const),
      percent: fc.integer({ min: 0, max: 999_999 }).map((n) => n / 10_000),
      windowMs: fc.integer({ min: 1, max: 288 }).map((n) => n * 5 * M),
    }),
    fc.constant({ kind: "stopped" as const }),
    fc.record({
      kind: fc.constant("stalled" as const),
      durationMs: fc.integer({ min: 5, max: 30 * 24 * 60 }).map((n) => n * M),
    }),
  );

  it("reads back as the same condition", () => {
    fc.assert(
      fc.property(condition, (c) => {
        const cmd = parseCommand(`alert add nightly-backup ${describeCondition(c)}`);
        expect(cmd).toMatchObject({ name: "alert.add", condition: c });
      }),
      { numRuns: 300 },
    );
  });
});

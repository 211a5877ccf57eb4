import { describe, expect, it } from "vitest";
import { ANSI, mrkdwnToText, PLAIN, replyToText } from "../../src/chat/shell/reply-text.ts";
import type { Reply } from "../../src/core/reply.ts";

describe("replyToText", () => {
  const reply: Reply = {
    visibility: "channel",
    text: "summary",
    blocks: [
      { kind: "header", text: "nightly-backup" },
      { kind: "section", text: ":red_circle: *Stopped* in <#C0123ABCD|ops> and <#C999>" },
      {
        kind: "fields",
        fields: [
          { label: "Requested", value: "1,234" },
          { label: "Success rate", value: "99.1%" },
        ],
      },
      { kind: "divider" },
      { kind: "context", text: "times in UTC" },
      {
        kind: "buttons",
        buttons: [{ label: "Refresh", actionId: "stats.refresh", command: "stats abc last 6h" }],
      },
    ],
    files: [],
  };

  it("prints every block readably without terminal codes when piped", () => {
    expect(replyToText(reply, PLAIN)).toBe(
      [
        "NIGHTLY-BACKUP",
        "○ Stopped in #ops and #C999",
        "  Requested     1,234",
        "  Success rate  99.1%",
        "─".repeat(40),
        "times in UTC",
        "[Refresh] stats abc last 6h",
      ].join("\n"),
    );
  });

  it("bolds *text* on a terminal but leaves arithmetic alone", () => {
    expect(mrkdwnToText("*Stopped* now", ANSI)).toBe("\u001b[1mStopped\u001b[22m now");
    expect(mrkdwnToText("2 * 3 * 4", ANSI)).toBe("2 * 3 * 4");
  });

  it("reads alert posts: emoji as signs, Slack date tokens as their fallback, real markers", () => {
    const posted =
      ":rotating_light: *FIRING* since <!date^1796063100^{date_short_pretty} {time}|2026-11-30 18:25 UTC> on nightlyˍbackup :white_check_mark:";
    expect(mrkdwnToText(posted, PLAIN)).toBe(
      "‼ FIRING since 2026-11-30 18:25 UTC on nightly_backup ✓",
    );
  });

  it("reads links as their label and address", () => {
    expect(mrkdwnToText(":x: failed · <https://cdn.example.com/a.zip|download>", PLAIN)).toBe(
      "✗ failed · download https://cdn.example.com/a.zip",
    );
  });

  it("falls back to the summary when a reply has no blocks", () => {
    expect(replyToText({ ...reply, blocks: [] }, PLAIN)).toBe("summary");
  });
});

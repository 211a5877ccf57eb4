import { describe, expect, it } from "vitest";
import { hasOwnBlocks, toBlockKit, toHomeView } from "../../src/chat/slack/block-kit.ts";
import { splitText, truncate } from "../../src/chat/slack/split-text.ts";
import type { Reply, ReplyBlock } from "../../src/core/reply.ts";
import { checkBlocks } from "./fake-slack.ts";

const reply = (blocks: ReplyBlock[], text = "summary"): Reply => ({
  visibility: "channel",
  text,
  blocks,
  files: [],
});

describe("toBlockKit", () => {
  it("converts each block kind", () => {
    const [m, ...more] = toBlockKit(
      reply([
        { kind: "header", text: "Title" },
        { kind: "section", text: "*bold*" },
        { kind: "fields", fields: [{ label: "A", value: "1" }] },
        { kind: "context", text: "note" },
        { kind: "divider" },
        {
          kind: "buttons",
          buttons: [{ label: "Go", actionId: "go", command: "stats x", style: "primary" }],
        },
      ]),
    );
    expect(more).toEqual([]);
    expect(m?.text).toBe("summary");
    expect(m?.blocks).toEqual([
      { type: "header", text: { type: "plain_text", text: "Title", emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: "*bold*" } },
      { type: "section", fields: [{ type: "mrkdwn", text: "*A*\n1" }] },
      { type: "context", elements: [{ type: "mrkdwn", text: "note" }] },
      { type: "divider" },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: "Go", emoji: true },
            action_id: "go",
            value: "stats x",
            style: "primary",
          },
        ],
      },
    ]);
  });

  it("uses the text as a section when there are no blocks", () => {
    expect(toBlockKit(reply([], "just text"))[0]?.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "just text" } },
    ]);
    expect(toBlockKit(reply([], ""))).toEqual([]);
  });

  it("splits 120 blocks into messages of at most 50", () => {
    const msgs = toBlockKit(
      reply(Array.from({ length: 120 }, (_, i) => ({ kind: "section", text: `l${i}` }))),
    );
    expect(msgs.map((m) => m.blocks.length)).toEqual([50, 50, 20]);
    expect(msgs[1]?.text).toBe("(2/3) summary");
    for (const m of msgs) expect(checkBlocks(m.blocks, 50)).toBeUndefined();
  });

  it("does not end a message with a header when more follows", () => {
    const blocks: ReplyBlock[] = Array.from({ length: 49 }, (_, i) => ({
      kind: "section",
      text: `l${i}`,
    }));
    blocks.push({ kind: "header", text: "Next part" }, { kind: "section", text: "after" });
    const msgs = toBlockKit(reply(blocks));
    expect(msgs.map((m) => m.blocks.length)).toEqual([49, 2]);
    expect(msgs[1]?.blocks[0]?.type).toBe("header");
  });

  it("splits long sections, fields and buttons within limits; truncates header and labels", () => {
    const long = "word ".repeat(2000); // 10,000 chars
    const msgs = toBlockKit(
      reply([
        { kind: "header", text: "h".repeat(300) },
        { kind: "section", text: long },
        {
          kind: "fields",
          fields: Array.from({ length: 23 }, (_, i) => ({
            label: `f${i}`,
            value: "v".repeat(2500),
          })),
        },
        {
          kind: "buttons",
          buttons: Array.from({ length: 30 }, (_, i) => ({
            label: "L".repeat(100),
            actionId: "same",
            command: `c${i}`,
          })),
        },
      ]),
    );
    const blocks = msgs.flatMap((m) => m.blocks);
    for (const m of msgs) expect(checkBlocks(m.blocks, 50)).toBeUndefined();
    expect(blocks.filter((b) => b.type === "section" && "text" in b && b.text).length).toBe(4);
    expect(blocks.filter((b) => b.type === "section" && "fields" in b && b.fields).length).toBe(3);
    expect(blocks.filter((b) => b.type === "actions").length).toBe(2);
    const header = blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBe(150);
    const ids = blocks.flatMap((b) =>
      b.type === "actions" ? b.elements.map((e) => ("action_id" in e ? e.action_id : "")) : [],
    );
    expect(new Set(ids).size).toBe(30);
    expect(ids.slice(0, 3)).toEqual(["same", "same:2", "same:3"]);
  });

  it("shows a command too long for a button as text instead of cutting it", () => {
    const command = `stats ${"x".repeat(2100)}`;
    const [m] = toBlockKit(
      reply([{ kind: "buttons", buttons: [{ label: "Huge", actionId: "h", command }] }]),
    );
    expect(m?.blocks.some((b) => b.type === "actions")).toBe(false);
    expect(JSON.stringify(m?.blocks)).toContain("Huge: type");
  });

  it("escapes a too-long button's label and command where they become mrkdwn", () => {
    const command = `stats <!channel>&<@U0001> ${"x".repeat(2100)}`;
    const [m] = toBlockKit(
      reply([{ kind: "buttons", buttons: [{ label: "<!here>", actionId: "h", command }] }]),
    );
    const text = JSON.stringify(m?.blocks);
    expect(text).toContain("&lt;!here&gt;: type `/oms stats &lt;!channel&gt;&amp;&lt;@U0001&gt;");
    expect(text).not.toMatch(/<!here>|<!channel>|<@U0001>/);
  });

  it("tells whether a file reply has blocks of its own", () => {
    expect(hasOwnBlocks(reply([{ kind: "section", text: "summary" }]))).toBe(false);
    expect(hasOwnBlocks(reply([]))).toBe(false);
    expect(hasOwnBlocks(reply([{ kind: "header", text: "x" }]))).toBe(true);
  });
});

describe("toHomeView", () => {
  it("keeps at most 100 blocks and says when it cut", () => {
    const view = toHomeView(
      Array.from({ length: 150 }, (_, i) => ({ kind: "section", text: `l${i}` })),
    );
    expect(view.type).toBe("home");
    expect(view.blocks.length).toBe(100);
    expect(JSON.stringify(view.blocks.at(-1))).toContain("More than fits");
    expect(checkBlocks(view.blocks, 100)).toBeUndefined();
  });
});

describe("splitText", () => {
  it("prefers line breaks and keeps every character", () => {
    const text = Array.from({ length: 100 }, (_, i) => `line number ${i}`).join("\n");
    const parts = splitText(text, 200);
    expect(parts.every((p) => p.length <= 200)).toBe(true);
    expect(parts.join("\n")).toBe(text);
  });

  it("closes and reopens a code fence cut in two", () => {
    const text = `intro\n\`\`\`\n${"row of a table\n".repeat(40)}\`\`\`\nafter`;
    const parts = splitText(text, 200);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(200);
      expect((p.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });

  it("cuts words longer than the limit and never splits a surrogate pair", () => {
    const text = "😀".repeat(300);
    const parts = splitText(text, 101);
    expect(parts.join("")).toBe(text);
    expect(parts.every((p) => !/[\ud800-\udbff]$/.test(p))).toBe(true);
    expect(truncate("abcdef", 4)).toBe("abc…");
  });
});

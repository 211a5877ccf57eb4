import { describe, expect, it } from "vitest";
import { EXAMPLE, helpText } from "../../src/core/help.ts";
import { parseCommand } from "../../src/core/parse-command.ts";
import { codeSpans } from "./message-checks.ts";

describe("help", () => {
  it("every example parses", () => {
    for (const [key, text] of Object.entries(EXAMPLE)) {
      expect(() => parseCommand(text), key).not.toThrow();
    }
  });

  it.each([
    [undefined, "stats"],
    ["stats", "types"],
    ["STATS", "types"],
    ["ranges", "yesterday"],
    ["alert", "failure-rate"],
    ["alert add", "failure-rate"],
    ["digest", "digest add"],
    ["tasks", "prefix"],
    ["list", "stopped"],
    ["exports", "CDN"],
  ])("help %s mentions %s", (topic, word) => {
    expect(helpText(topic)).toContain(word);
  });

  it("echoes an unknown topic as text, never as a ping or a link", () => {
    for (const topic of ["<!channel>", "<https://evil.example|x>", "a&b <@U1>"]) {
      const text = helpText(topic);
      expect(text).not.toMatch(/[<>]/);
      expect(text).toContain("&lt;");
    }
  });

  it("has no raw < or > in any topic (placeholders are escaped)", () => {
    for (const topic of [undefined, "stats", "ranges", "alert", "digest", "tasks", "list"]) {
      expect(helpText(topic)).not.toMatch(/[<>]/);
    }
  });

  it("answers an unknown topic with a note and the general help", () => {
    const text = helpText("weather");
    expect(text).toContain("`weather`");
    expect(text).toContain(helpText());
  });

  it("every command shown in help that starts with a verb parses", () => {
    const verbs = /^(list|task|stats|alert|digest|exports|help)\b/;
    for (const topic of [
      undefined,
      "stats",
      "ranges",
      "alert",
      "digest",
      "tasks",
      "list",
      "exports",
    ]) {
      for (const span of codeSpans(helpText(topic))) {
        if (!verbs.test(span) || span.includes("&lt;") || span.includes("[") || span.includes("|"))
          continue;
        expect(() => parseCommand(span), span).not.toThrow();
      }
    }
  });
});

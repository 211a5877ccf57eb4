import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/core/duration.ts";
import { editDistance } from "../../src/core/text-distance.ts";
import { tokenize } from "../../src/core/tokenize.ts";

const texts = (s: string) => tokenize(s).map((t) => t.text);

describe("tokenize", () => {
  it.each([
    ["a  b\tc\n d", ["a", "b", "c", "d"]],
    ['stats "nightly backup" x', ["stats", "nightly backup", "x"]],
    ["stats \u201Cnightly backup\u201D", ["stats", "nightly backup"]],
    ["stats \u2018nightly backup\u2019", ["stats", "nightly backup"]],
    ["bob's task", ["bob's", "task"]],
    ["'unclosed single", ["'unclosed", "single"]],
    ["a->b", ["a→b"]],
    ["a -> b", ["a→b"]],
    ["a -&gt; b", ["a→b"]],
    ["a \u2192 b", ["a→b"]],
    ["a \u2014> b", ["a→b"]],
    ["failures>10", ["failures", ">", "10"]],
    ["failures &gt;= 10", ["failures", ">=", "10"]],
    ["x \u2265 1", ["x", ">=", "1"]],
    ["a &amp;lt; b", ["a", "&lt;", "b"]],
    ["zero\u200Bwidth", ["zerowidth"]],
    ["<@U0BOT> list", ["list"]],
    ["see <https://example.com|example.com>", ["see", "example.com"]],
    ["mail <mailto:a@b.c>", ["mail", "a@b.c"]],
    ["ping <!here>", ["ping", "!here"]],
    ["", []],
  ])("%j", (input, expected) => {
    expect(texts(input)).toEqual(expected);
  });

  it("marks quoted words and channels", () => {
    const [q, c1, c2, c3] = tokenize('"all" <#C0123ABCD|ops> <#C0999> #migrations');
    expect(q).toMatchObject({ text: "all", quoted: true });
    expect(c1?.channel).toEqual({ id: "C0123ABCD", name: "ops" });
    expect(c2?.channel).toEqual({ id: "C0999" });
    expect(c3?.channel).toEqual({ name: "migrations" });
  });

  it("cannot be tricked into a channel by private-use characters", () => {
    const tokens = tokenize("\uE0000\uE001 list");
    expect(tokens.some((t) => t.channel)).toBe(false);
  });
});

describe("parseDuration", () => {
  it.each([
    ["30m", 30, "m"],
    ["6h", 6, "h"],
    ["6 hours", 6, "h"],
    ["2d", 2, "d"],
    ["1w", 1, "w"],
    ["14d", 14, "d"],
    ["24h", 24, "h"],
    ["2h120m", 4, "h"],
    ["1h30m", 90, "m"],
    ["120m", 120, "m"],
    ["2 weeks", 2, "w"],
  ] as const)("%s", (text, amount, unit) => {
    expect(parseDuration(text)).toMatchObject({ ok: true, amount, unit });
  });

  it.each([
    ["90s", "seconds"],
    ["1.5h", "fraction"],
    ["0m", "zero"],
    ["6x", "syntax"],
    ["h", "syntax"],
    ["", "syntax"],
    ["999999w", "too-big"],
  ] as const)("refuses %s (%s)", (text, reason) => {
    expect(parseDuration(text)).toEqual({ ok: false, reason });
  });

  it("formats", () => {
    expect(formatDuration(90 * 60_000)).toBe("1h30m");
    expect(formatDuration(86_400_000)).toBe("1d");
    expect(formatDuration(7 * 86_400_000)).toBe("1w");
    expect(formatDuration(0)).toBe("0m");
  });
});

describe("editDistance", () => {
  it.each([
    ["list", "lst", 1],
    ["stats", "stast", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ] as const)("%s ↔ %s = %d", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it("stops at the limit", () => {
    expect(editDistance("aaaaaaaa", "bbbbbbbb", 2)).toBe(3);
  });
});

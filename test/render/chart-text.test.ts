/** Outside text made drawable: cleaning for XML, and fitting wide (CJK) text to the title width. */
import { describe, expect, it } from "vitest";
import { cleanChartText, fitWideText } from "../../src/render/chart-text.ts";

/** XML 1.0's Char production: what resvg's parser accepts in text. */
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const vegaEstimate = (s: string, size: number) => 0.8 * s.length * size;

describe("cleanChartText", () => {
  it("replaces NUL, ESC, a noncharacter and a lone surrogate with U+FFFD", () => {
    expect(cleanChartText("a\0b\x1bc\uFFFF\uD800")).toBe("a\uFFFDb\uFFFDc\uFFFD\uFFFD");
    expect(cleanChartText("x\x7f\x9b\uFDD0\u{1FFFE}\uDC00y")).toBe(
      "x\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDy",
    );
  });

  it("turns tabs and line breaks into spaces", () => {
    expect(cleanChartText("a\tb\r\nc\u2028d\u0085e")).toBe("a b  c d e");
  });

  it("keeps CJK, emoji, accents and XML's own specials (vega escapes those)", () => {
    const s = "夜间备份 nightly 🚀 café & <b> \u{20000} \uFFFD";
    expect(cleanChartText(s)).toBe(s);
  });

  it("leaves nothing XML cannot hold, for any single code unit or code point", () => {
    const bad: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      // Surrogate code units alone: String.fromCodePoint would pair nothing, so test them raw.
      const s = cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
      if (!XML_CHAR.test(cleanChartText(`a${s}b`))) bad.push(cp);
    }
    expect(bad).toEqual([]);
  });
});

describe("fitWideText", () => {
  it("leaves text without wide characters to vega, however long", () => {
    const latin = "x".repeat(200);
    expect(fitWideText(latin, 22, 860)).toBe(latin);
  });

  it("keeps a Chinese title that fits", () => {
    expect(fitWideText("夜间备份 nightly", 22, 860)).toBe("夜间备份 nightly");
  });

  it("cuts a long Chinese title by full-width glyphs, so vega does not cut it again", () => {
    const long = "夜间备份同步".repeat(10);
    // vega's own estimate would let 48 of these through: 48 × 22 px = 1,056 px drawn.
    expect(vegaEstimate(long.slice(0, 48), 22)).toBeLessThanOrEqual(860);
    const fitted = fitWideText(long, 22, 860);
    expect(fitted.endsWith("…")).toBe(true);
    const wide = [...fitted].length - 1;
    // One em per ideograph plus one for the ellipsis, within the limit.
    expect((wide + 1) * 22).toBeLessThanOrEqual(860);
    expect(wide).toBeGreaterThanOrEqual(37);
    expect(vegaEstimate(fitted, 22)).toBeLessThanOrEqual(860);
    expect(long.startsWith(fitted.slice(0, -1))).toBe(true);
  });

  it("never splits a surrogate pair", () => {
    const fitted = fitWideText(`夜${"\u{20000}".repeat(60)}`, 22, 860);
    expect(fitted).toMatch(/^夜(\u{20000})+…$/u);
  });
});

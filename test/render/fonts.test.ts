/** Which face draws which text, and reading a font's character map. */
import { existsSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FONT_FAMILY } from "../../src/render/constants.ts";
import { parseCmap, readCoverage } from "../../src/render/font-coverage.ts";
import { cjkFontsFor, faceFor } from "../../src/render/fonts.ts";

describe("faceFor", () => {
  it("draws Latin (arrows, dashes, accents) in DejaVu with no extra font to load", () => {
    for (const text of ["photos-archive → backup-bj", "last 24h · 14:00 – 15:00", "café Ж"]) {
      expect(faceFor(text, "bold")).toEqual({ family: FONT_FAMILY });
      expect(faceFor(text, "regular")).toEqual({ family: FONT_FAMILY });
    }
  });

  it("names Noto Sans SC of the same weight for Chinese", () => {
    expect(faceFor("夜间备份 nightly", "bold")).toEqual({
      family: "Noto Sans SC, DejaVu Sans",
      cjk: "bold",
    });
    expect(faceFor("夜间备份", "regular").cjk).toBe("regular");
  });

  it("does not load the CJK font for characters it lacks too", () => {
    expect(faceFor("backup 🚀 \uE000", "bold")).toEqual({ family: FONT_FAMILY });
  });
});

describe("cjkFontsFor", () => {
  it("writes one small font per weight with just the chart's characters, deleted on release", () => {
    const fonts = cjkFontsFor([
      { text: "夜间备份 nightly", weight: "bold" },
      { text: "最近 24 小时", weight: "regular" },
    ]);
    expect(fonts.files).toHaveLength(2);
    const [bold = "", regular = ""] = fonts.files;
    // The full faces are ~10 MB each; resvg re-reads a font file for every glyph it draws.
    for (const f of fonts.files) expect(statSync(f).size).toBeLessThan(600_000);
    expect(readCoverage(bold).covers("夜间备份 nightly")).toBe(true);
    expect(readCoverage(bold).has("北".codePointAt(0) ?? 0)).toBe(false);
    expect(readCoverage(regular).covers("最近 24 小时")).toBe(true);
    fonts.release();
    expect(fonts.files.some((f) => existsSync(f))).toBe(false);
  });

  it("writes nothing for a chart without CJK text", () => {
    expect(cjkFontsFor([]).files).toEqual([]);
  });
});

/** Big-endian words, as font tables store them. */
const u16 = (...ns: number[]) => ns.flatMap((n) => [(n >> 8) & 255, n & 255]);
const u32 = (...ns: number[]) => ns.flatMap((n) => u16(n >>> 16, n & 0xffff));

/** A cmap table (version 0, one encoding record) holding `subtable` at offset 12. */
function cmapWith(subtable: number[], platform = 3, encoding = 1): Buffer {
  return Buffer.from([...u16(0, 1, platform, encoding), ...u32(12), ...subtable]);
}

describe("parseCmap", () => {
  it("reads format 4 segments mapped by delta and through the glyph index array", () => {
    // Segments: 'A'–'C' by delta; 'x'–'z' through the array, where 'y' maps to glyph 0 (none);
    // the closing 0xFFFF segment every format 4 table ends with.
    const sub = [
      ...u16(4, 0, 0, 3 * 2, 0, 0, 0),
      ...u16(0x43, 0x7a, 0xffff), // end codes
      ...u16(0), // reserved
      ...u16(0x41, 0x78, 0xffff), // start codes
      ...u16(10 - 0x41, 0, 1), // deltas
      ...u16(0, 4, 0), // range offsets: segment 1's points 4 bytes ahead, at the array
      ...u16(20, 0, 22), // glyph index array for x, y, z
    ];
    const cov = parseCmap(cmapWith(sub));
    expect(["A", "B", "C", "x", "z"].every((c) => cov.has(c.charCodeAt(0)))).toBe(true);
    expect(["@", "D", "y", "w", "{"].some((c) => cov.has(c.charCodeAt(0)))).toBe(false);
    expect(cov.has(0xffff)).toBe(false);
  });

  it("reads format 12 groups beyond the BMP, skipping a group's .notdef start", () => {
    const sub = [
      ...u16(12, 0),
      ...u32(0, 0, 2), // length, language, groups
      ...u32(0x4e00, 0x4e05, 100),
      ...u32(0x20000, 0x20002, 0),
    ];
    const cov = parseCmap(cmapWith(sub, 3, 10));
    expect(cov.has(0x4e00) && cov.has(0x4e05) && cov.has(0x20001)).toBe(true);
    expect(cov.has(0x4e06) || cov.has(0x20000) || cov.has(0x41)).toBe(false);
    expect(cov.covers("\u4e01\u{20002}")).toBe(true);
  });
});

/**
 * Task names from a real workspace, as pictures: control characters must not stop the chart
 * being drawn, and Chinese names must be drawn as glyphs, not the font's missing-glyph boxes.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PNG_HEIGHT, PNG_WIDTH } from "../../src/render/constants.ts";
import { StatsRenderer } from "../../src/render/renderer.ts";
import { emptyInput, statsInput } from "./fixtures.ts";
import {
  type Box,
  compareGolden,
  count,
  decode,
  isDark,
  type Picture,
  px,
  px2,
} from "./png-picture.ts";

const renderer = new StatsRenderer();
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.png`, import.meta.url));

/** The title's band: 12 CSS px padding, 22 px bold text; the subtitle starts below 40 CSS px. */
const TITLE: Box = { x0: 0, y0: 0, x1: PNG_WIDTH, y1: px(38) };

async function chart(title: string, input = statsInput()): Promise<Picture> {
  return decode(await renderer.renderStats({ ...input, title }));
}

/** Pixels of the title band whose darkness differs between two charts. */
function titleDiff(a: Picture, b: Picture): number {
  return count(a, TITLE, (p, x, y) => isDark(p, x, y) !== isDark(b, x, y));
}

function rightmostInk(p: Picture, box: Box): number {
  let right = -1;
  for (let y = box.y0; y < box.y1; y++)
    for (let x = box.x0; x < box.x1; x++) if (isDark(p, x, y)) right = Math.max(right, x);
  return right;
}

describe("task names as drawn", () => {
  it("draws a chart whose task name holds NUL, ESC, U+FFFF and a lone surrogate", async () => {
    const p = await chart("a\0b\x1bc\uFFFF\uD800");
    expect([p.width, p.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
    // "a", "b", "c" and four replacement marks: bold text of about 75 CSS px, well inked.
    expect(count(p, TITLE, isDark)).toBeGreaterThan(px2(200));
  });

  it("draws a Chinese name as glyphs, not as the boxes of characters no font has", async () => {
    const han = await chart("夜间备份");
    // Private-use characters: neither DejaVu nor Noto has them, so each is drawn as DejaVu's
    // missing-glyph box, which is what 夜间备份 looked like with DejaVu alone.
    const boxes = await chart("\uE000\uE000\uE000\uE000");
    expect(count(boxes, TITLE, isDark)).toBeGreaterThan(px2(75));
    expect(count(han, TITLE, isDark)).toBeGreaterThan(px2(375));
    // Four ideographs of 22 px bold and four boxes share hardly a dark pixel.
    expect(titleDiff(han, boxes)).toBeGreaterThan(px2(375));
  });

  it("draws the same name in the no-data chart as glyphs", async () => {
    const han = await chart("夜间备份", emptyInput());
    const boxes = await chart("\uE000\uE000\uE000\uE000", emptyInput());
    expect(titleDiff(han, boxes)).toBeGreaterThan(px2(375));
  });

  it("keeps a long Chinese name inside the picture, cut with an ellipsis", async () => {
    const p = await chart("夜间备份同步归档".repeat(8));
    const right = rightmostInk(p, TITLE);
    // Cut by vega's estimate alone it ran past the right edge (ink in the picture's last column).
    // Cut to fit, it fills most of the 860 CSS px title room and stops over 10 CSS px short of the edge.
    expect(right).toBeGreaterThan(px(750));
    expect(right).toBeLessThan(PNG_WIDTH - px(10));
  });

  it("matches the golden image of a mixed Chinese and Latin name, bold and regular", async () => {
    const png = await renderer.renderStats({
      ...statsInput(),
      title: "夜间备份 nightly",
      subtitle: "最近 24 小时 · 2026-11-21 14:00 – 2026-11-22 14:00",
    });
    const { ratio, updated } = compareGolden(png, golden("stats-cjk-title"), 0.002);
    if (!updated) expect(ratio).toBeLessThanOrEqual(0.002);
  });
});

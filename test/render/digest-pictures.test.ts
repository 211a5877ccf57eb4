import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DIGEST_ROW_HEIGHT, PIXEL_RATIO, PNG_WIDTH } from "../../src/render/constants.ts";
import { digestHeight } from "../../src/render/digest-prepare.ts";
import { ChartRenderer } from "../../src/render/renderer.ts";
import { digestInput, digestRow } from "./alert-fixtures.ts";
import {
  type Box,
  compareGolden,
  count,
  decode,
  isBlue,
  isDark,
  isRed,
  type Picture,
  pixel,
  px,
  px2,
} from "./png-picture.ts";

const renderer = new ChartRenderer();
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.png`, import.meta.url));
const MAX_GOLDEN_DIFF = 0.002;
const PITCH = DIGEST_ROW_HEIGHT * PIXEL_RATIO;
/** The plot: 210 to 880 CSS px, right of the ~190 CSS px name column, up to the right padding. */
const PLOT_X: readonly [number, number] = [px(210), px(880)];

/**
 * The rows of the picture where a red line runs across most of the plot: every row with
 * statistics has its failures line on its floor (at zero most of the day), a row without none.
 */
function redFloors(p: Picture): number[] {
  const floors: number[] = [];
  let run: number[] = [];
  const width = PLOT_X[1] - PLOT_X[0];
  for (let y = 0; y <= p.height; y++) {
    const long =
      y < p.height &&
      count(p, { x0: PLOT_X[0], x1: PLOT_X[1], y0: y, y1: y + 1 }, isRed) > width * 0.8;
    if (long) run.push(y);
    else if (run.length > 0) {
      floors.push((run[0] ?? 0) + (run.length - 1) / 2);
      run = [];
    }
  }
  return floors;
}

describe("digest chart picture", () => {
  it("grows in height with its rows, at the fixed width", async () => {
    const sizes = [];
    for (const n of [1, 3, 12]) {
      const p = decode(await renderer.renderDigest(digestInput(n)));
      sizes.push([p.width, p.height]);
    }
    expect(sizes).toEqual([1, 3, 12].map((n) => [PNG_WIDTH, px(digestHeight(n, 1))]));
    expect(digestHeight(3, 1) - digestHeight(1, 1)).toBe(2 * DIGEST_ROW_HEIGHT);
  });

  it("draws 50 rows, each labelled, unavailable ones grey without data lines", async () => {
    const input = digestInput(50, 12);
    const p = decode(await renderer.renderDigest(input));
    expect(p.height).toBe(px(digestHeight(50, 2)));
    const floors = redFloors(p);
    const available = input.rows.flatMap((r, i) => (r.unavailable ? [] : [i]));
    expect(floors.length).toBe(available.length);
    // Rows are evenly pitched: the floor of row i lies i rows below row 0's. (The picture is
    // scaled a hair to its pinned size, so the pitch is measured, and held within 0.5 CSS px of
    // a row's 60; each floor within 0.75 CSS px of its place.)
    const first = floors[0] ?? 0;
    const pitch = ((floors.at(-1) ?? 0) - first) / (available.at(-1) ?? 1);
    expect(Math.abs(pitch - PITCH)).toBeLessThan(0.5 * PIXEL_RATIO);
    floors.forEach((y, k) => {
      expect(Math.abs(y - (first + (available[k] ?? -1) * pitch))).toBeLessThanOrEqual(
        0.75 * PIXEL_RATIO,
      );
    });
    // A row spans a pitch; its floor is 10 % of a row above its bottom edge. The box keeps
    // 1.5 CSS px off both edges.
    const rowBox = (i: number, x0: number, x1: number): Box => {
      const bottom = Math.round(first + i * pitch + 0.1 * pitch);
      return { x0, x1, y0: bottom - Math.round(pitch) + px(1.5), y1: bottom - px(1.5) };
    };
    // The name is near-black bold (#222); the count under it is red or grey, so it is not counted.
    const nameInk = (q: Picture, x: number, y: number) =>
      pixel(q, x, y)
        .slice(0, 3)
        .every((c) => c < 80);
    for (let i = 0; i < 50; i++) {
      const label = rowBox(i, px(12), px(190));
      expect(count(p, label, nameInk), `row ${i} name`).toBeGreaterThan(px2(75));
      expect(count(p, label, isDark), `row ${i} label`).toBeGreaterThan(px2(150));
    }
    for (const [i, row] of input.rows.entries()) {
      if (!row.unavailable) continue;
      const plot = rowBox(i, ...PLOT_X);
      expect(count(p, plot, isRed), `row ${i} red`).toBe(0);
      expect(count(p, plot, isBlue), `row ${i} blue`).toBe(0);
      const grey = count(p, plot, (q, x, y) => {
        const [r, g, b] = pixel(q, x, y);
        return r === g && g === b && r > 225 && r < 240;
      });
      const area = (plot.x1 - plot.x0) * (plot.y1 - plot.y0);
      expect(grey / area, `row ${i} grey`).toBeGreaterThan(0.8);
      // The note "statistics unavailable" is written across it.
      expect(count(p, plot, isDark), `row ${i} note`).toBeGreaterThan(px2(75));
    }
  });

  it("matches the golden image of 3 rows: a Chinese name, an unavailable task, tasks left out", async () => {
    const input = {
      ...digestInput(0, 4),
      subtitle: "last 24 h to 2026-11-22 14:00 (Asia/Shanghai) · 3 of 7 tasks",
      rows: [0, 1, 6].map((i) => digestRow(i)),
    };
    const png = await renderer.renderDigest(input);
    const { ratio, updated } = compareGolden(png, golden("digest-3-rows"), MAX_GOLDEN_DIFF);
    if (!updated) expect(ratio).toBeLessThanOrEqual(MAX_GOLDEN_DIFF);
  });
});

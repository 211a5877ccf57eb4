import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PNG_HEIGHT, PNG_WIDTH } from "../../src/render/constants.ts";
import { StatsRenderer } from "../../src/render/renderer.ts";
import { emptyInput, FAIL_FROM, FAIL_TO, FIVE_MIN, statsInput, withHole } from "./fixtures.ts";
import {
  type Box,
  compareGolden,
  count,
  decode,
  isBlue,
  isDark,
  isNearWhite,
  isRed,
  type Picture,
  px,
  px2,
  whole,
} from "./png-picture.ts";

const renderer = new StatsRenderer();
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.png`, import.meta.url));
const MAX_GOLDEN_DIFF = 0.002;
/** The top-left 300×30 CSS px, where the title's first words are. */
const TITLE_CORNER: Box = { x0: 0, y0: 0, x1: px(300), y1: px(30) };

/**
 * Where red is drawn: the failures panel's zero line (the lowest row that is mostly red), its
 * left and right ends (the plot's edges), and the box above it inside the plot where red means
 * failures > 0. The red axis title lies left of the plot, outside the box.
 */
function redLayout(p: Picture) {
  let baseline = -1;
  for (let y = p.height - 1; y >= 0 && baseline < 0; y--) {
    let n = 0;
    for (let x = 0; x < p.width; x++) if (isRed(p, x, y)) n++;
    // The zero line spans most of the plot width; a few red pixels are not it.
    if (n > p.width / 3) baseline = y;
  }
  let left = p.width;
  let right = -1;
  for (let x = 0; x < p.width; x++) {
    if (isRed(p, x, baseline)) {
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  // The line is 2.5 CSS px thick (5 device px at 2×, 3.75 at 1.5×): red more than 4 CSS px above
  // its lowest mostly red row lies above the line, so it is a value > 0.
  const raised: Box = { x0: left, y0: 0, x1: right + 1, y1: Math.max(0, baseline - px(4)) };
  return { baseline, left, right, raised };
}

/** Requests around a million per interval, failures 0–30: the scales of a busy real task. */
function busyInput() {
  const input = statsInput(288, ["REQUEST", "SUCCESS", "FAILURE", "SIZE"]);
  const failures = new Map([
    [40, 3],
    [150, 30],
    [151, 12],
  ]);
  input.series.REQUEST = (input.series.REQUEST ?? []).map((p) => ({ t: p.t, v: p.v * 800 }));
  input.series.SUCCESS = (input.series.REQUEST ?? []).map((p) => ({ t: p.t, v: p.v - 30 }));
  input.series.FAILURE = (input.series.FAILURE ?? []).map((p, i) => ({
    t: p.t,
    v: failures.get(i) ?? 0,
  }));
  return input;
}

describe("stats chart picture", () => {
  it("is a PNG of the fixed size, not blank", async () => {
    const png = await renderer.renderStats(statsInput());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const p = decode(png);
    expect([p.width, p.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
    const drawn = count(p, whole(p), (q, x, y) => !isNearWhite(q, x, y));
    // Lines, area, text and grid cover well over 5 % of the picture; blank would be ~0.
    expect(drawn / (p.width * p.height)).toBeGreaterThan(0.05);
    // The title is drawn (resvg draws no text without a font): dark pixels top-left.
    expect(count(p, TITLE_CORNER, isDark)).toBeGreaterThan(px2(125));
  });

  it("draws the red failure line where failures are, and only there", async () => {
    const input = statsInput();
    const p = decode(await renderer.renderStats(input));
    const { baseline, left, right, raised } = redLayout(p);
    expect(baseline).toBeGreaterThan(0);
    // Red is the failures' alone: none outside their panel's plot but the axis title (nothing
    // below the zero line's lower edge, 2 CSS px under its lowest mostly red row, either).
    expect(count(p, { ...whole(p), x0: left }, isRed)).toBe(
      count(p, { ...whole(p), x0: left, y1: baseline + px(2) }, isRed),
    );
    const n = (input.series.FAILURE ?? []).length;
    const xOf = (i: number) => left + ((right - left) * i) / (n - 1);
    // The burst: red above the zero line between its first and last interval.
    const burst = { ...raised, x0: Math.round(xOf(FAIL_FROM)), x1: Math.round(xOf(FAIL_TO - 1)) };
    expect(count(p, burst, isRed)).toBeGreaterThan(px2(25));
    // Elsewhere (with a margin for the sloped edges of the burst): no red above zero.
    const before = { ...raised, x1: Math.round(xOf(FAIL_FROM - 2)) };
    const after = { ...raised, x0: Math.round(xOf(FAIL_TO + 1)) };
    expect(count(p, before, isRed)).toBe(0);
    expect(count(p, after, isRed)).toBe(0);
  });

  it("shows a few failures among a million requests off the zero line, and no others", async () => {
    const p = decode(await renderer.renderStats(busyInput()));
    const { left, right, raised } = redLayout(p);
    const xOf = (i: number) => left + ((right - left) * i) / 287;
    const near = (i: number) => ({
      ...raised,
      // The thick line's sloped edges spill a few px past the neighbouring intervals.
      x0: Math.round(xOf(i - 1.5)),
      x1: Math.round(xOf(i + 1.5)),
    });
    const burst = { ...raised, x0: Math.round(xOf(148.5)), x1: Math.round(xOf(152.5)) };
    // 3 failures in one interval, on a scale whose top is 40: a small but visible spike.
    expect(count(p, near(40), isRed)).toBeGreaterThan(px2(2));
    expect(count(p, burst, isRed)).toBeGreaterThan(px2(25));
    // Every other interval had none: no red above the zero line anywhere else.
    expect(count(p, raised, isRed)).toBe(count(p, near(40), isRed) + count(p, burst, isRed));
  });

  it("draws nothing of points the API gave outside the range, and scales to those inside", async () => {
    // Marks are drawn unclipped (rasterize.ts unclipMarks): the series must be cut to the range.
    const plain = decode(await renderer.renderStats(statsInput()));
    const input = statsInput();
    const { start, end } = input.range;
    const hour = 12 * FIVE_MIN;
    // Idle intervals just outside both ends, and a burst an hour before the start.
    const outside = [
      { t: start - hour, v: 5000 },
      ...[1, 2, 3].flatMap((k) => [
        { t: start - k * FIVE_MIN, v: 0 },
        { t: end + k * FIVE_MIN, v: 0 },
      ]),
    ];
    input.series.FAILURE = [...outside, ...(input.series.FAILURE ?? [])].sort((a, b) => a.t - b.t);
    const p = decode(await renderer.renderStats(input));
    const a = redLayout(plain);
    const b = redLayout(p);
    expect([b.baseline, b.left]).toEqual([a.baseline, a.left]);
    // The zero line now runs on to the range's end, one interval (2.6 CSS px) past the last point.
    expect(b.right).toBeGreaterThanOrEqual(a.right);
    expect(b.right).toBeLessThanOrEqual(a.right + px(3));
    // Same failures scale (the burst outside does not count), so the same red above zero.
    expect(count(p, b.raised, isRed)).toBe(count(plain, a.raised, isRed));
    // Between the axis title and the plot, and right of the plot: no red.
    const panel = { y0: 0, y1: b.baseline + px(2) };
    expect(count(p, { ...panel, x0: b.left - px(40), x1: b.left }, isRed)).toBe(0);
    expect(count(p, { ...panel, x0: b.right + 1, x1: p.width }, isRed)).toBe(0);
  });

  it("keeps a one-interval failure spike in a 7-day series drawn with fewer points", async () => {
    const input = statsInput(2016, ["REQUEST", "FAILURE"]);
    const spikeAt = 1500;
    input.series.FAILURE = (input.series.FAILURE ?? []).map((pt, i) => ({
      t: pt.t,
      v: i === spikeAt ? 900 : 0,
    }));
    const p = decode(await renderer.renderStats(input));
    const { left, right, raised } = redLayout(p);
    const x = left + ((right - left) * spikeAt) / 2015;
    // 6 CSS px either side: the bucket holding the spike (~1.9 CSS px) and the line's slopes.
    const around = { ...raised, x0: Math.round(x) - px(6), x1: Math.round(x) + px(6) };
    expect(count(p, around, isRed)).toBeGreaterThan(px2(12.5));
    expect(count(p, raised, isRed)).toBe(count(p, around, isRed));
  });

  it("draws an hour the API left out at zero, not as a ramp across it", async () => {
    // Flat 1000 requests with points 120–131 (one hour) missing: a ramp would stay at 1000.
    const p = decode(await renderer.renderStats(withHole(statsInput(288, ["REQUEST"]), 120, 132)));
    // The lowest blue pixel of each column (below the title and legend) is where the line is.
    const lineY: number[] = [];
    for (let x = 0; x < p.width; x++) {
      let low = -1;
      for (let y = px(80); y < p.height; y++) if (isBlue(p, x, y)) low = y;
      lineY.push(low);
    }
    const drawn = lineY.flatMap((y, x) => (y < 0 ? [] : [x]));
    const top = Math.min(...lineY.filter((y) => y >= 0));
    const bottom = Math.max(...lineY);
    // The single panel is ~390 CSS px tall: zero lies far below 1000, over 250 CSS px down.
    expect(bottom - top).toBeGreaterThan(px(250));
    // At zero: within 4 CSS px of the lowest blue, the line's thickness and anti-aliasing.
    const atZero = drawn.filter((x) => (lineY[x] ?? 0) > bottom - px(4));
    const left = drawn[0] ?? 0;
    const right = drawn.at(-1) ?? 0;
    const xOf = (i: number) => left + ((right - left) * i) / 287;
    // The hole's flat bottom spans its 11 intervals between the first and last missing point.
    expect(atZero.length).toBeGreaterThan((xOf(131) - xOf(120)) * 0.9);
    expect(Math.min(...atZero)).toBeGreaterThanOrEqual(Math.floor(xOf(119)));
    expect(Math.max(...atZero)).toBeLessThanOrEqual(Math.ceil(xOf(132)));
  });

  it("draws no red at all when the failure series is absent", async () => {
    const p = decode(await renderer.renderStats(statsInput(288, ["REQUEST", "SUCCESS", "SIZE"])));
    expect(count(p, whole(p), isRed)).toBe(0);
  });

  it("draws a 'no data' chart with its text for an empty range", async () => {
    const p = decode(await renderer.renderStats(emptyInput()));
    expect([p.width, p.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
    // The "no data" text in the middle of the plot: 450×120 CSS px around the centre.
    const centre = { x0: px(225), y0: px(190), x1: px(675), y1: px(310) };
    expect(count(p, centre, isDark)).toBeGreaterThan(px2(500));
    expect(count(p, TITLE_CORNER, isDark)).toBeGreaterThan(px2(125));
  });

  it.each([
    ["stats-all", () => statsInput()],
    ["stats-failure-only", () => statsInput(288, ["FAILURE"])],
    ["stats-size-only", () => statsInput(288, ["SIZE"])],
    ["no-data", () => emptyInput()],
  ])("matches the golden image %s", async (name, make) => {
    const png = await renderer.renderStats(make());
    const { ratio, updated } = compareGolden(png, golden(name), MAX_GOLDEN_DIFF);
    if (!updated) expect(ratio).toBeLessThanOrEqual(MAX_GOLDEN_DIFF);
  });
});

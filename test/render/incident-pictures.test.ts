import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PIXEL_RATIO, PNG_HEIGHT, PNG_WIDTH } from "../../src/render/constants.ts";
import { ChartRenderer } from "../../src/render/renderer.ts";
import { INCIDENT_POINTS, incidentInput } from "./alert-fixtures.ts";
import {
  compareGolden,
  count,
  decode,
  isRed,
  type Picture,
  pixel,
  px,
  px2,
  whole,
} from "./png-picture.ts";

const renderer = new ChartRenderer();
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.png`, import.meta.url));
const MAX_GOLDEN_DIFF = 0.002;

/** The measure's line colour #37474f, not text (#333) or grid: a slate blue-grey. */
function isSlate(p: Picture, x: number, y: number): boolean {
  const [r, g, b] = pixel(p, x, y);
  return r < 90 && g < 105 && b < 115 && b - r > 12;
}

/** Share of `pred` pixels in row y between x0 and x1. */
function rowShare(p: Picture, y: number, x0: number, x1: number, pred: typeof isRed): number {
  return count(p, { x0, x1, y0: y, y1: y + 1 }, pred) / (x1 - x0);
}

/** The middle of the rows where `test` holds, searched from the bottom up (the alert panel). */
function bandCentre(p: Picture, test: (y: number) => boolean): number {
  const rows: number[] = [];
  for (let y = p.height - 1; y > p.height / 2; y--) if (test(y)) rows.push(y);
  if (rows.length === 0) return -1;
  return (Math.min(...rows) + Math.max(...rows)) / 2;
}

describe("incident chart picture", () => {
  it("draws the threshold as a red dashed rule where it belongs, and the breach in red", async () => {
    // 5 for the first half, 20 for the second, against a threshold of 10; no FAILURE series,
    // so red is the alert panel's alone.
    const values = Array.from({ length: INCIDENT_POINTS }, (_, i) => (i < 12 ? 5 : 20));
    const input = incidentInput(values);
    input.series = { REQUEST: input.series.REQUEST ?? [], SUCCESS: input.series.SUCCESS ?? [] };
    const p = decode(await renderer.renderIncident(input));
    expect([p.width, p.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
    // Plot x in CSS px: ~132 to ~878; the 5s lie left of ~470, the 20s right of ~535. The rule's
    // label sits at the plot's left, so the left strip starts past it.
    const left = [px(315), px(450)] as const;
    const right = [px(575), px(825)] as const;
    const low = bandCentre(p, (y) => rowShare(p, y, ...left, isSlate) > 0.9);
    const high = bandCentre(p, (y) => rowShare(p, y, ...right, isRed) > 0.9);
    // Dashes of 8 on 5 off: about 60 % of a row through the rule is red.
    const rule = bandCentre(p, (y) => {
      const share = rowShare(p, y, ...left, isRed);
      return share > 0.35 && share < 0.85;
    });
    expect(low).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(0);
    expect(low - high).toBeGreaterThan(px(30));
    // Linear scale: 10 lies a third of the way from 5 up to 20 (within 1.5 CSS px).
    expect(Math.abs(rule - (low - (low - high) / 3))).toBeLessThanOrEqual(1.5 * PIXEL_RATIO);
    // Below the threshold the line is the measure's colour, not red; above it red covers it.
    // The band is the line's rows: 1.5 CSS px above its middle to 2 below.
    const band = (y: number, x: readonly [number, number]) => ({
      x0: x[0],
      x1: x[1],
      y0: Math.round(y) - px(1.5),
      y1: Math.round(y) + px(2),
    });
    expect(count(p, band(low, left), isRed)).toBe(0);
    expect(count(p, band(high, right), isSlate)).toBe(0);
    // The breach's area between rule and line is tinted (light red), not left white: from 4 CSS
    // px under the line to 3 above the rule, clear of both and their anti-aliasing.
    const between = {
      x0: right[0],
      x1: right[1],
      y0: Math.round(high) + px(4),
      y1: Math.round(rule) - px(3),
    };
    const tinted = count(p, between, (q, x, y) => {
      const [r, g, b] = pixel(q, x, y);
      return r > 235 && g < 235 && b < 235 && g > 180;
    });
    expect(tinted / ((between.x1 - between.x0) * (between.y1 - between.y0))).toBeGreaterThan(0.9);
  });

  it("without an alert measure draws exactly the stats chart", async () => {
    const { alert: _alert, ...input } = incidentInput();
    const incident = await renderer.renderIncident(input);
    const stats = await renderer.renderStats(input);
    expect(Buffer.from(incident).equals(Buffer.from(stats))).toBe(true);
    expect(count(decode(incident), whole(decode(incident)), isRed)).toBeGreaterThan(px2(250));
  });

  it("leaves a gap in a percentage measure (too little traffic) open, not bridged", async () => {
    // Above the 5 % threshold on both sides of a gap over points 12–15 (x ~505–598 CSS px).
    const values = [
      0, 0, 1, 2, 4, 8, 12, 9, 6, 9, 11, 12, 0, 0, 0, 0, 14, 16, 18, 20, 25, 22, 18, 15,
    ];
    const input = incidentInput(values, "percent", 5);
    input.series = { REQUEST: input.series.REQUEST ?? [], SUCCESS: input.series.SUCCESS ?? [] };
    if (input.alert) input.alert.points = input.alert.points.filter((_, i) => i < 12 || i > 15);
    const p = decode(await renderer.renderIncident(input));
    expect([p.width, p.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
    const strip = [px(520), px(585)] as const;
    const rule = bandCentre(p, (y) => {
      const share = rowShare(p, y, ...strip, isRed);
      return share > 0.35 && share < 0.85;
    });
    expect(rule).toBeGreaterThan(p.height / 2);
    // Above the rule (2.5 CSS px clear of it), in the chart's lower half where the alert panel is.
    const aboveRule = (x0: number, x1: number) => ({
      x0,
      x1,
      y0: px(250),
      y1: Math.round(rule) - px(2.5),
    });
    // A line bridging 12 % and 14 % would cross the strip in red well above the rule.
    expect(count(p, aboveRule(...strip), isRed)).toBe(0);
    // The breaches on either side are drawn.
    expect(count(p, aboveRule(px(350), px(470)), isRed)).toBeGreaterThan(px2(25));
    expect(count(p, aboveRule(px(630), px(850)), isRed)).toBeGreaterThan(px2(25));
  });

  it("matches the golden image of an incident with its alert panel", async () => {
    const png = await renderer.renderIncident(incidentInput());
    const { ratio, updated } = compareGolden(png, golden("incident-alert"), MAX_GOLDEN_DIFF);
    if (!updated) expect(ratio).toBeLessThanOrEqual(MAX_GOLDEN_DIFF);
  });
});

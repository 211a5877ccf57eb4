import { parse, View } from "vega";
import { describe, expect, it } from "vitest";
import type { DataType } from "../../src/core/domain.ts";
import { type ChartDraw, digestDraw, statsDraw } from "../../src/render/chart-draws.ts";
import { CHART_CSS_HEIGHT, CHART_CSS_WIDTH } from "../../src/render/constants.ts";
import { prepareDigestChart } from "../../src/render/digest-prepare.ts";
import { prepareIncidentChart } from "../../src/render/incident-prepare.ts";
import { digestInput, incidentInput } from "./alert-fixtures.ts";
import { statsInput } from "./fixtures.ts";

/** vega's own SVG size for a chart: what the rasteriser pins to the picture's size. */
async function svgSize(chart: ChartDraw): Promise<{ width: number; height: number }> {
  const view = new View(parse(chart.compile()), { renderer: "none" });
  for (const [name, value] of Object.entries(chart.signals)) view.signal(name, value);
  for (const [name, rows] of Object.entries(chart.data)) view.data(name, rows);
  if (chart.plotHeight !== undefined) view.height(chart.plotHeight);
  await view.runAsync();
  const svg = await view.toSVG();
  view.finalize();
  const [, w, h] = svg.match(/width="([\d.]+)" height="([\d.]+)"/) ?? [];
  return { width: Number(w), height: Number(h) };
}

const INCIDENT_VARIANTS: DataType[][] = [
  ["REQUEST", "SUCCESS", "FAILURE"],
  ["REQUEST", "SUCCESS", "SKIP", "FAILURE", "SIZE"],
  ["FAILURE"],
  ["REQUEST"],
];

describe("alert chart layout", () => {
  it.each(INCIDENT_VARIANTS)(
    "fits the incident chart %s + alert into 900×500 unshrunk",
    async (...types) => {
      const input = { ...incidentInput(), series: statsInput(24, types).series };
      for (const p of input.series.REQUEST ?? []) p.v *= 1000;
      if (input.alert)
        input.alert.points = input.alert.points.map((p) => ({ ...p, v: p.v * 1000 }));
      const size = await svgSize(statsDraw(prepareIncidentChart(input)));
      expect(size.width).toBeLessThanOrEqual(CHART_CSS_WIDTH);
      expect(size.height).toBeLessThanOrEqual(CHART_CSS_HEIGHT);
      // More than a few px short would leave a white band at the bottom of the PNG.
      expect(size.height).toBeGreaterThan(CHART_CSS_HEIGHT - 20);
    },
  );

  it.each([
    [1, 0],
    [3, 0],
    [20, 5],
    [50, 12],
  ])("fits a digest of %i rows (%i more) into its planned size", async (rows, more) => {
    const prepared = prepareDigestChart(digestInput(rows, more));
    const size = await svgSize(digestDraw(prepared));
    expect(size.width).toBeLessThanOrEqual(prepared.size.width);
    expect(size.height).toBeLessThanOrEqual(prepared.size.height);
    expect(size.height).toBeGreaterThan(prepared.size.height - 12);
  });
});

import { describe, expect, it } from "vitest";
import type { StatsChartInput } from "../../src/core/chart-input.ts";
import type { DataType } from "../../src/core/domain.ts";
import { statsDraw } from "../../src/render/chart-draws.ts";
import { CHART_CSS_HEIGHT, CHART_CSS_WIDTH } from "../../src/render/constants.ts";
import { prepareStatsChart } from "../../src/render/prepare.ts";
import { unclipMarks } from "../../src/render/rasterize.ts";
import { buildView, toSvg } from "../../src/render/renderer.ts";
import { compileDigest, compileVariant, panelHeights } from "../../src/render/spec.ts";
import { statsInput } from "./fixtures.ts";

const VARIANTS: DataType[][] = [
  ["REQUEST", "SUCCESS", "SKIP", "FAILURE", "SIZE"],
  ["REQUEST", "FAILURE"],
  ["REQUEST", "SIZE"],
  ["FAILURE", "SIZE"],
  ["REQUEST"],
  ["FAILURE"],
  ["SIZE"],
];

/** vega's SVG of the stats chart, fed as the renderer feeds it. */
function statsSvg(input: StatsChartInput): Promise<string> {
  const prepared = prepareStatsChart(input);
  return toSvg(buildView(prepared.variant), statsDraw(prepared));
}

describe("chart layout", () => {
  it.each(VARIANTS)("fits %s into 900×500 without being shrunk", async (...types) => {
    const input = statsInput(288, types);
    // Millions in the counts panel: the widest y labels the chart gets.
    for (const s of [input.series.REQUEST, input.series.FAILURE]) {
      for (const p of s ?? []) p.v *= 1000;
    }
    const svg = await statsSvg(input);
    const [, w, h] = svg.match(/width="([\d.]+)" height="([\d.]+)"/) ?? [];
    expect(Number(w)).toBeLessThanOrEqual(CHART_CSS_WIDTH);
    expect(Number(h)).toBeLessThanOrEqual(CHART_CSS_HEIGHT);
    // More than a few px short would leave a white band at the bottom of the PNG.
    expect(Number(h)).toBeGreaterThan(CHART_CSS_HEIGHT - 20);
  });

  it("gives failures the smallest panel and counts the largest", () => {
    const [counts = 0, failures = 0, throughput = 0] = panelHeights([
      "counts",
      "failures",
      "throughput",
    ]);
    expect(failures).toBeGreaterThanOrEqual(60);
    expect(counts).toBeGreaterThan(throughput);
    expect(throughput).toBeGreaterThan(failures);
  });
});

describe("per-point work the compiled specs leave out", () => {
  // Each of these ran once per data point per chart and drew nothing (bench, issue 11): aria
  // descriptions formatted every point's date and value; Vega-Lite's implicit `toDate` parse
  // copied every tuple (vega's Relay, whose lookup table never shrinks); impute + stack on
  // areas that are neither stacked nor gappy (prepare.ts fills zeros on the grid); a facet
  // per count type.
  const compiled = [
    ...VARIANTS.map((types) => {
      const variant = prepareStatsChart(statsInput(288, types)).variant;
      return [`stats ${types.join(",")}`, compileVariant(variant)] as const;
    }),
    [
      "incident",
      compileVariant({
        ...prepareStatsChart(statsInput(288, ["FAILURE"])).variant,
        alert: "count",
      }),
    ] as const,
    ["digest", compileDigest()] as const,
  ];

  it.each(compiled)("%s: no aria, per-point formula, impute or stack", (name, spec) => {
    const text = JSON.stringify(spec);
    // The count lines coloured by a field were drawn through a facet (spec.ts linePerType); the
    // alert and digest lines split by segment and row keep theirs (one chart an incident or day).
    if (name.startsWith("stats")) expect(text).not.toContain('"facet"');
    expect(text).not.toMatch(/"aria(Role|RoleDescription)?":\s*true|"description":\s*\{"signal"/);
    const transforms = (spec.data ?? []).flatMap((d) => d.transform ?? []).map((t) => t.type);
    expect(transforms).not.toContain("formula");
    expect(transforms).not.toContain("impute");
    expect(transforms).not.toContain("stack");
  });

  it("leaves resvg no clipped mark to draw in a layer of its own (rasterize.ts unclipMarks)", async () => {
    const svg = await statsSvg(statsInput(288));
    // The spec clips its marks (for vega's layout); the pattern must still match vega's output.
    expect(svg.match(/clip-path=/g)?.length).toBeGreaterThanOrEqual(5);
    expect(unclipMarks(svg)).not.toContain("clip-path=");
  });
});

/**
 * The baseline: the project's own stats spec and data through the straightforward
 * pipeline, compiled every time — `vl.compile`, `new View`, `toSVG`, `new Resvg`, `asPng` — on
 * the main thread, at the size the chart had before issue 11 (1800×1000, 900×500 at 2×).
 * Uses the synchronous `render()` as the straightforward code would: it leaks ~7 MB a chart
 * (render-notes, "Memory leak"), so the bench runs it a few dozen times only.
 */
import { Resvg } from "@resvg/resvg-js";
import { parse, View } from "vega";
import type { StatsChartInput } from "../src/core/chart-input.ts";
import { statsDraw } from "../src/render/chart-draws.ts";
import { prepareStatsChart } from "../src/render/prepare.ts";
import { pinSvgSize, resvgOptions } from "../src/render/rasterize.ts";

/** The pixel ratio of the pre-issue chart, fixed here so the baseline does not follow ours. */
const BASELINE_ZOOM = 2;

export async function baselineChart(input: StatsChartInput): Promise<Uint8Array> {
  const draw = statsDraw(prepareStatsChart(input));
  const view = new View(parse(draw.compile()), { renderer: "none" });
  for (const [name, value] of Object.entries(draw.signals)) view.signal(name, value);
  for (const [name, rows] of Object.entries(draw.data)) view.data(name, rows);
  await view.runAsync();
  const svg = await view.toSVG();
  view.finalize();
  const opts = { ...resvgOptions(), fitTo: { mode: "zoom" as const, value: BASELINE_ZOOM } };
  return new Resvg(pinSvgSize(svg), opts).render().asPng();
}

import { parse, type Spec as VegaSpec, View } from "vega";
import type { AlertChartPort, ChartPort } from "../app/ports.ts";
import type { IncidentChartInput, StatsChartInput } from "../core/chart-input.ts";
import type { DigestChartInput } from "../core/digest-chart-input.ts";
import { type ChartDraw, digestDraw, statsDraw } from "./chart-draws.ts";
import { MAX_DRAWN_POINTS } from "./constants.ts";
import { prepareDigestChart } from "./digest-prepare.ts";
import { renderFailed } from "./failure.ts";
import { cjkFontsFor } from "./fonts.ts";
import { prepareIncidentChart } from "./incident-prepare.ts";
import { primaryFontsFor } from "./latin-fonts.ts";
import { type ChartVariant, prepareStatsChart } from "./prepare.ts";
import { rasterize } from "./rasterize.ts";
import { compileVariant } from "./spec.ts";

/** Milliseconds per stage of one chart, for the bench. */
export interface StageTimings {
  /** data preparation: ticks, units, downsampling, the fonts for the title's characters */
  prepareMs: number;
  /** vl.compile + vega.parse + new View; 0 when the variant's View was already built */
  compileMs: number;
  /** new data and signals, dataflow run, toSVG */
  svgMs: number;
  /** resvg: parse, text layout and rasterise (renderAsync) */
  rasterMs: number;
  /** PNG encoding (png-encode.ts) */
  encodeMs: number;
}

export interface RenderResult {
  png: Uint8Array;
  width: number;
  height: number;
  timings: StageTimings;
}

interface CachedView {
  view: View;
  /** The last chart's run on this View: the next one waits for it. */
  tail: Promise<unknown>;
}

/** A View of a compiled spec that only ever renders to an SVG string. */
function headlessView(spec: VegaSpec): View {
  return new View(parse(spec), { renderer: "none" });
}

/** The stats chart's View for `variant`, as the renderer builds it (for tests and the bench). */
export function buildView(variant: ChartVariant): View {
  return headlessView(compileVariant(variant));
}

/**
 * The whole pipeline in this thread, for every chart kind. Compiling costs 10–15 ms warm and
 * ~60 ms cold (render-notes), so each variant is compiled once and its View re-fed with data per
 * chart; the digest has one variant whatever its number of rows.
 */
export class ChartRenderer implements ChartPort, AlertChartPort {
  private readonly views = new Map<string, CachedView>();
  private readonly maxDrawnPoints: number;

  /** `maxDrawnPoints` overrides the drawing cap (MAX_DRAWN_POINTS), for the bench. */
  constructor(opts: { maxDrawnPoints?: number } = {}) {
    this.maxDrawnPoints = opts.maxDrawnPoints ?? MAX_DRAWN_POINTS;
  }

  async renderStats(input: StatsChartInput): Promise<Uint8Array> {
    return (await this.render(input)).png;
  }

  async renderIncident(input: IncidentChartInput): Promise<Uint8Array> {
    return (await this.renderIncidentChart(input)).png;
  }

  async renderDigest(input: DigestChartInput): Promise<Uint8Array> {
    return (await this.renderDigestChart(input)).png;
  }

  /** The stats chart with its stage timings. */
  render(input: StatsChartInput): Promise<RenderResult> {
    const t0 = performance.now();
    return this.draw(this.statsDrawOf(input), t0);
  }

  private statsDrawOf(input: StatsChartInput): ChartDraw {
    return statsDraw(prepareStatsChart(input, this.maxDrawnPoints));
  }

  renderIncidentChart(input: IncidentChartInput): Promise<RenderResult> {
    const t0 = performance.now();
    return this.draw(statsDraw(prepareIncidentChart(input, this.maxDrawnPoints)), t0);
  }

  renderDigestChart(input: DigestChartInput): Promise<RenderResult> {
    const t0 = performance.now();
    return this.draw(digestDraw(prepareDigestChart(input)), t0);
  }

  /**
   * Makes a fresh renderer's first real chart as quick as the rest: one whole chart (compile,
   * resvg and its fonts, the encoder), then `svgRounds` more of the stats chart's JS part (data,
   * dataflow, SVG), which V8 compiles to optimised code only after several runs. Measured on the
   * pool (issue 11): the first chart after ready took 1.6–1.8× the median with the one chart alone.
   */
  async warmUp(input: StatsChartInput, svgRounds: number): Promise<void> {
    await this.renderStats(input);
    for (let i = 0; i < svgRounds; i++) {
      await this.svgOf(this.statsDrawOf(input));
    }
  }

  /** The chart variant's View, compiled on first use. */
  private viewFor(chart: ChartDraw): CachedView {
    let cached = this.views.get(chart.key);
    if (!cached) {
      cached = { view: headlessView(chart.compile()), tail: Promise.resolve() };
      this.views.set(chart.key, cached);
    }
    return cached;
  }

  /** The chart's SVG; charts on one View run one after another (data and signals are shared). */
  private svgOf(chart: ChartDraw, entry = this.viewFor(chart)): Promise<string> {
    const run = entry.tail.then(() => toSvg(entry.view, chart));
    entry.tail = run.catch(() => undefined);
    return run;
  }

  private async draw(chart: ChartDraw, t0: number): Promise<RenderResult> {
    const fonts = cjkFontsFor(chart.cjkTexts);
    try {
      const t1 = performance.now();
      const entry = this.viewFor(chart);
      const t2 = performance.now();
      const svg = await this.svgOf(chart, entry);
      const t3 = performance.now();
      const primary = primaryFontsFor([chart.signals, chart.data]);
      const raster = await rasterize(svg, fonts.files, chart.size, primary);
      return {
        png: raster.png,
        width: raster.width,
        height: raster.height,
        timings: {
          prepareMs: t1 - t0,
          compileMs: t2 - t1,
          svgMs: t3 - t2,
          rasterMs: raster.rasterMs,
          encodeMs: raster.encodeMs,
        },
      };
    } finally {
      fonts.release();
    }
  }
}

/** The name the stats chart's callers know; one renderer draws every kind. */
export { ChartRenderer as StatsRenderer };

/** Feeds `chart` (signals, data, plot height) to `view` and runs it to SVG (tests use it too). */
export async function toSvg(view: View, chart: ChartDraw): Promise<string> {
  try {
    for (const [name, value] of Object.entries(chart.signals)) view.signal(name, value);
    for (const [name, rows] of Object.entries(chart.data)) view.data(name, rows);
    if (chart.plotHeight !== undefined) view.height(chart.plotHeight);
    await view.runAsync();
    return await view.toSVG();
  } catch (e) {
    throw renderFailed("vega dataflow or SVG failed", e);
  }
}

import { parse, View } from "vega";
import type { StatsChartInput } from "../core/chart-input.ts";
import { MAX_DRAWN_POINTS } from "./constants.ts";
import { renderFailed } from "./failure.ts";
import { type ChartFonts, cjkFontsFor, faceFor, type Weight } from "./fonts.ts";
import {
  type ChartSignals,
  type ChartVariant,
  type PreparedChart,
  prepareStatsChart,
  variantKey,
} from "./prepare.ts";
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
  /** PNG encoding (asPng) */
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
  /** Charts on one View run one after another: data and signals are shared state. */
  tail: Promise<unknown>;
}

export function buildView(variant: ChartVariant): View {
  return new View(parse(compileVariant(variant)), { renderer: "none" });
}

/**
 * The whole pipeline in this thread. Compiling costs 10–15 ms warm and ~60 ms cold
 * (render-notes), so each variant is compiled once and its View re-fed with data per chart.
 */
export class StatsRenderer {
  private readonly views = new Map<string, CachedView>();
  private readonly maxDrawnPoints: number;

  /** `maxDrawnPoints` overrides the drawing cap (MAX_DRAWN_POINTS), for the bench. */
  constructor(opts: { maxDrawnPoints?: number } = {}) {
    this.maxDrawnPoints = opts.maxDrawnPoints ?? MAX_DRAWN_POINTS;
  }

  async renderStats(input: StatsChartInput): Promise<Uint8Array> {
    return (await this.render(input)).png;
  }

  async render(input: StatsChartInput): Promise<RenderResult> {
    const t0 = performance.now();
    const prepared = withFaces(prepareStatsChart(input, this.maxDrawnPoints));
    const fonts = cjkFontsFor(prepared.cjkTexts);
    try {
      return await this.draw(prepared, fonts, t0);
    } finally {
      fonts.release();
    }
  }

  private async draw(prepared: Faced, fonts: ChartFonts, t0: number): Promise<RenderResult> {
    const t1 = performance.now();
    const key = variantKey(prepared.variant);
    let cached = this.views.get(key);
    if (!cached) {
      cached = { view: buildView(prepared.variant), tail: Promise.resolve() };
      this.views.set(key, cached);
    }
    const t2 = performance.now();
    const entry = cached;
    const run = entry.tail.then(() => toSvg(entry.view, prepared));
    entry.tail = run.catch(() => undefined);
    const svg = await run;
    const t3 = performance.now();
    const raster = await rasterize(svg, fonts.files);
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
  }
}

/** A prepared chart with its title faces, and the texts to be drawn in the CJK face. */
type Faced = PreparedChart & { cjkTexts: { text: string; weight: Weight }[] };

/** The title is bold and the subtitle regular in the spec; each gets the face its text needs. */
function withFaces(prepared: PreparedChart): Faced {
  const { titleText, subtitleText } = prepared.signals;
  const title = faceFor(titleText, "bold");
  const subtitle = faceFor(subtitleText, "regular");
  const signals: ChartSignals = {
    ...prepared.signals,
    titleFont: title.family,
    subtitleFont: subtitle.family,
  };
  const cjkTexts: Faced["cjkTexts"] = [];
  if (title.cjk) cjkTexts.push({ text: titleText, weight: title.cjk });
  if (subtitle.cjk) cjkTexts.push({ text: subtitleText, weight: subtitle.cjk });
  return { ...prepared, signals, cjkTexts };
}

async function toSvg(view: View, prepared: PreparedChart): Promise<string> {
  try {
    const { titleText, subtitleText, titleFont, subtitleFont } = prepared.signals;
    // The no-data spec declares only the title params; vega throws on unknown signals.
    const signals =
      prepared.variant.kind === "stats"
        ? prepared.signals
        : { titleText, subtitleText, titleFont, subtitleFont };
    for (const [name, value] of Object.entries(signals)) view.signal(name, value);
    if (prepared.variant.kind === "stats") {
      if (prepared.variant.countTypes.length > 0) view.data("counts", prepared.counts);
      if (prepared.variant.failures) view.data("failures", prepared.failures);
      if (prepared.variant.size) view.data("throughput", prepared.throughput);
    }
    await view.runAsync();
    return await view.toSVG();
  } catch (e) {
    throw renderFailed("vega dataflow or SVG failed", e);
  }
}

import { type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
import { CHART_CSS_HEIGHT, CHART_CSS_WIDTH, FONT_FAMILY, PIXEL_RATIO } from "./constants.ts";
import { renderFailed } from "./failure.ts";
import { primaryFontFiles } from "./fonts.ts";
import { encodePng } from "./png-encode.ts";

let options: ResvgRenderOptions | undefined;

/** resvg's options with the DejaVu files; a missing font file throws (fonts.ts). */
export function resvgOptions(): ResvgRenderOptions {
  if (options) return options;
  options = {
    fitTo: { mode: "zoom", value: PIXEL_RATIO },
    background: "white",
    font: {
      fontFiles: primaryFontFiles(),
      // System fonts could resolve the family to a face other than the one vega measured.
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    logLevel: "off",
  };
  return options;
}

/**
 * `primary` (DejaVu, whole or its Latin subset: latin-fonts.ts) then `extra` fonts. resvg-js
 * 2.6.2 reads every font file on every render (its Node binding keeps no buffers between
 * renders), so the CJK files are only added when asked.
 */
function optionsWith(primary: readonly string[], extra: readonly string[]): ResvgRenderOptions {
  const base = resvgOptions();
  if (!base.font) return base;
  return { ...base, font: { ...base.font, fontFiles: [...primary, ...extra] } };
}

/** A picture's size in CSS px (the PNG is PIXEL_RATIO times it). */
export interface CssSize {
  width: number;
  height: number;
}

const STATS_SIZE: CssSize = { width: CHART_CSS_WIDTH, height: CHART_CSS_HEIGHT };

/**
 * Pins the SVG's outer size to the chart size. vega sizes the SVG from estimated label widths
 * (render-notes, "Text measurement"), so it comes out a few px off 900×500; the viewBox is kept
 * and the drawing is scaled to fit, anchored top-left, so every PNG has the same dimensions
 * (the digest's height follows its rows, digest-prepare.ts).
 */
export function pinSvgSize(svg: string, size: CssSize = STATS_SIZE): string {
  return svg.replace(
    /^(<svg\b[^>]*?)\swidth="[\d.]+"\sheight="[\d.]+"/,
    `$1 width="${size.width}" height="${size.height}" preserveAspectRatio="xMinYMin meet"`,
  );
}

/**
 * Drops vega's per-mark `clip-path` references. resvg draws a clipped group into a layer of its
 * own and masks it: ~1.3 ms a mark here, 9 of the stats chart's 27 ms raster (288 points,
 * 1350×750), 100 of a 50-row digest's 300. What the clips cut is already out of the data:
 * series are cut to the x domain (range-cut.ts) and every y domain holds its series, so only
 * the outer half of a stroke on a plot edge is now drawn. The spec keeps `clip`, so vega's
 * layout (which counts unclipped marks' strokes) and the picture's size do not move with the
 * data.
 */
export function unclipMarks(svg: string): string {
  return svg.replace(/ clip-path="url\(#clip\d+\)"/g, "");
}

export interface RasterResult {
  png: Uint8Array;
  width: number;
  height: number;
  rasterMs: number;
  encodeMs: number;
}

/**
 * SVG → PNG. Always `renderAsync`: the synchronous `render()` of resvg-js 2.6.2 keeps ~7 MB per
 * chart forever (render-notes, "Memory leak"); the async one also works off the JS thread.
 * `extraFontFiles` are fonts the SVG names beyond DejaVu (fonts.ts `faceFor`); `primaryFonts`
 * the DejaVu files to use (default the full ones).
 */
export async function rasterize(
  svg: string,
  extraFontFiles: readonly string[] = [],
  size: CssSize = STATS_SIZE,
  primaryFonts: readonly string[] = primaryFontFiles(),
): Promise<RasterResult> {
  const opts = optionsWith(primaryFonts, extraFontFiles);
  const t0 = performance.now();
  let image: Awaited<ReturnType<typeof renderAsync>>;
  try {
    image = await renderAsync(unclipMarks(pinSvgSize(svg, size)), opts);
  } catch (e) {
    throw renderFailed("resvg failed to rasterise the chart", e);
  }
  const t1 = performance.now();
  let png: Uint8Array;
  try {
    png = await encodePng(image.pixels, image.width, image.height);
  } catch (e) {
    throw renderFailed("PNG encoding failed", e);
  }
  const t2 = performance.now();
  return {
    png,
    width: image.width,
    height: image.height,
    rasterMs: t1 - t0,
    encodeMs: t2 - t1,
  };
}

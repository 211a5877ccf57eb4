import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
import {
  CHART_CSS_HEIGHT,
  CHART_CSS_WIDTH,
  FONT_FAMILY,
  FONT_FILES,
  PIXEL_RATIO,
} from "./constants.ts";
import { renderFailed } from "./failure.ts";

let options: ResvgRenderOptions | undefined;

/**
 * resvg draws no text at all when it has no font, and says nothing (render-notes, "Fonts"), so
 * a missing font file is an error here rather than a chart without labels.
 */
function resvgOptions(): ResvgRenderOptions {
  if (options) return options;
  const pkgDir = dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json"));
  const fontFiles = FONT_FILES.map((f) => join(pkgDir, f));
  const missing = fontFiles.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw renderFailed(`font files missing: ${missing.join(", ")}`);
  }
  options = {
    fitTo: { mode: "zoom", value: PIXEL_RATIO },
    background: "white",
    font: {
      fontFiles,
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
 * Pins the SVG's outer size to the chart size. vega sizes the SVG from estimated label widths
 * (render-notes, "Text measurement"), so it comes out a few px off 900×500; the viewBox is kept
 * and the drawing is scaled to fit, anchored top-left, so every PNG has the same dimensions.
 */
export function pinSvgSize(svg: string): string {
  return svg.replace(
    /^(<svg\b[^>]*?)\swidth="[\d.]+"\sheight="[\d.]+"/,
    `$1 width="${CHART_CSS_WIDTH}" height="${CHART_CSS_HEIGHT}" preserveAspectRatio="xMinYMin meet"`,
  );
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
 */
export async function rasterize(svg: string): Promise<RasterResult> {
  const t0 = performance.now();
  let image: Awaited<ReturnType<typeof renderAsync>>;
  try {
    image = await renderAsync(pinSvgSize(svg), resvgOptions());
  } catch (e) {
    throw renderFailed("resvg failed to rasterise the chart", e);
  }
  const t1 = performance.now();
  const png = image.asPng();
  const t2 = performance.now();
  return {
    png,
    width: image.width,
    height: image.height,
    rasterMs: t1 - t0,
    encodeMs: t2 - t1,
  };
}

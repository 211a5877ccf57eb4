/** Rasterise + encode of the 288-point stats chart at zoom 2 and 1.5, resvg asPng vs zlib level 1 (filter none). Run: node --import tsx bench/encode-zoom.ts */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { renderAsync } from "@resvg/resvg-js";
import { parse, View } from "vega";
import { statsDraw } from "../src/render/chart-draws.ts";
import { prepareStatsChart } from "../src/render/prepare.ts";
import { pinSvgSize, resvgOptions } from "../src/render/rasterize.ts";
import { input } from "./render.ts";

const draw = statsDraw(prepareStatsChart(input(288)));
const view = new View(parse(draw.compile()), { renderer: "none" });
for (const [n, v] of Object.entries(draw.signals)) view.signal(n, v);
for (const [n, r] of Object.entries(draw.data)) view.data(n, r);
await view.runAsync();
const svg = pinSvgSize(await view.toSVG());
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]?.toFixed(1);
for (const zoom of [2, 1.5, 2, 1.5]) {
  const r: number[] = [],
    e: number[] = [],
    z: number[] = [];
  let size = 0,
    zsize = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const img = await renderAsync(svg, { ...resvgOptions(), fitTo: { mode: "zoom", value: zoom } });
    const t1 = performance.now();
    const png = img.asPng();
    size = png.length;
    const t2 = performance.now();
    const px = img.pixels;
    const w = img.width,
      h = img.height;
    const raw = Buffer.alloc((w * 4 + 1) * h);
    for (let y = 0; y < h; y++) {
      raw[y * (w * 4 + 1)] = 0;
      px.copy(raw, y * (w * 4 + 1) + 1, y * w * 4, (y + 1) * w * 4);
    }
    zsize = deflateSync(raw, { level: 1 }).length;
    const t3 = performance.now();
    r.push(t1 - t0);
    e.push(t2 - t1);
    z.push(t3 - t2);
    if (i === 0) writeFileSync(`/tmp/zoom-${zoom}.png`, png);
  }
  console.log(
    JSON.stringify({
      zoom,
      raster: med(r),
      asPng: med(e),
      zlib1_none: med(z),
      pngKB: size >> 10,
      zlibKB: zsize >> 10,
    }),
  );
}

import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import { PIXEL_RATIO } from "../../src/render/constants.ts";

/** Decoded RGBA picture with the pixel predicates the chart tests need. */
export interface Picture {
  width: number;
  height: number;
  data: Buffer;
}

/**
 * Charts are laid out in CSS px and drawn at PIXEL_RATIO device px to one, so picture tests state
 * positions, distances and areas in CSS px and convert them with px and px2: they then say the
 * same at any ratio. px gives a position or distance in device px, on the pixel grid (boxes index
 * pixels); resvg rounds a zoomed picture's size the same way (201 CSS px tall is 302 px at 1.5×).
 */
export function px(css: number): number {
  return Math.round(css * PIXEL_RATIO);
}

/** An area in CSS px² as a count of device pixels: ink and tint counts grow with the ratio². */
export function px2(css: number): number {
  return css * PIXEL_RATIO ** 2;
}

export function decode(png: Uint8Array): Picture {
  const img = PNG.sync.read(Buffer.from(png));
  return { width: img.width, height: img.height, data: img.data };
}

export function pixel(p: Picture, x: number, y: number): [number, number, number, number] {
  const i = (y * p.width + x) * 4;
  return [p.data[i] ?? 0, p.data[i + 1] ?? 0, p.data[i + 2] ?? 0, p.data[i + 3] ?? 0];
}

/** The failure colour #d62728 and its anti-aliased core, not the other series' colours. */
export function isRed(p: Picture, x: number, y: number): boolean {
  const [r, g, b] = pixel(p, x, y);
  return r > 170 && g < 100 && b < 100;
}

/** The requested colour #4c78a8 and its anti-aliased core. */
export function isBlue(p: Picture, x: number, y: number): boolean {
  const [r, g, b] = pixel(p, x, y);
  return b > 140 && r < 120 && g > 90 && g < 160 && b - r > 50;
}

export function isNearWhite(p: Picture, x: number, y: number): boolean {
  const [r, g, b] = pixel(p, x, y);
  return r > 245 && g > 245 && b > 245;
}

export function isDark(p: Picture, x: number, y: number): boolean {
  const [r, g, b] = pixel(p, x, y);
  return (r + g + b) / 3 < 140;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function count(p: Picture, box: Box, pred: (p: Picture, x: number, y: number) => boolean) {
  let n = 0;
  for (let y = box.y0; y < box.y1; y++)
    for (let x = box.x0; x < box.x1; x++) if (pred(p, x, y)) n++;
  return n;
}

export function whole(p: Picture): Box {
  return { x0: 0, y0: 0, x1: p.width, y1: p.height };
}

/**
 * Compares against a golden PNG with a tolerance: pixelmatch's per-pixel colour threshold
 * absorbs anti-aliasing noise, and up to `maxRatio` of the pixels may still differ. With
 * UPDATE_GOLDEN=1 the golden is (re)written instead.
 */
export function compareGolden(
  png: Uint8Array,
  goldenPath: string,
  maxRatio = 0.002,
): { ratio: number; diffPixels: number; updated: boolean } {
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(goldenPath, png);
    return { ratio: 0, diffPixels: 0, updated: true };
  }
  const actual = decode(png);
  const expected = decode(readFileSync(goldenPath));
  if (actual.width !== expected.width || actual.height !== expected.height) {
    return { ratio: 1, diffPixels: actual.width * actual.height, updated: false };
  }
  const diffPixels = pixelmatch(
    actual.data,
    expected.data,
    undefined,
    actual.width,
    actual.height,
    { threshold: 0.1 },
  );
  const ratio = diffPixels / (actual.width * actual.height);
  // A failing picture is kept outside the repo for a look: /tmp/<name>.actual.png
  if (ratio > maxRatio)
    writeFileSync(join(tmpdir(), `${basename(goldenPath, ".png")}.actual.png`), png);
  return { ratio, diffPixels, updated: false };
}

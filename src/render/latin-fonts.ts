import { createHash } from "node:crypto";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { readCoverage } from "./font-coverage.ts";
import { SubsetSource } from "./font-subset.ts";
import { primaryFontFiles } from "./fonts.ts";

/** Latin, Latin-1, Latin Extended A/B, general punctuation, currency, arrows, U+FFFD. */
const RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x24f],
  [0x2000, 0x206f],
  [0x20a0, 0x20cf],
  [0x2190, 0x21ff],
  [0xfffd, 0xfffd],
];

const inRanges = (cp: number) => RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);

let subset: string[] | null | undefined;

/**
 * DejaVu Sans and Bold cut down to RANGES, written once per machine (named by their content's
 * hash, written to a temporary name then renamed, so workers and processes share the files and
 * none is ever read half-written). resvg-js 2.6.2 reads and parses every font file on every
 * render (render-notes; font-subset.ts): measured on the 288-point stats chart at 2× (issue 11,
 * 2 loaded cores), renderAsync 75 → 53 ms and 88 → 70 ms in two rounds, 0 pixels different
 * (pixelmatch threshold 0.1). `null` when the subset cannot be written: charts use the full files.
 */
function latinSubsetFiles(): string[] | null {
  if (subset !== undefined) return subset;
  try {
    subset = primaryFontFiles().map((file, i) => {
      const coverage = readCoverage(file);
      const glyphs = new Map<number, number>();
      for (const [lo, hi] of RANGES) {
        for (let cp = lo; cp <= hi; cp++) if (coverage.has(cp)) glyphs.set(cp, coverage.glyph(cp));
      }
      const bytes = new SubsetSource(file).subset(glyphs);
      const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
      const path = join(tmpdir(), `omsbot-dejavu-latin-${i}-${hash}.ttf`);
      if (!existsSync(path)) {
        const part = `${path}.${process.pid}-${threadId}.part`;
        writeFileSync(part, bytes);
        renameSync(part, path);
      }
      return path;
    });
  } catch {
    subset = null;
  }
  return subset;
}

function latinText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    // Below U+0250 is always in RANGES: the common case costs one compare a character.
    const cp = text.charCodeAt(i);
    if (cp >= 0x250 && !inRanges(text.codePointAt(i) ?? 0)) return false;
  }
  return true;
}

/**
 * Whether every string in `value` (nested up to 6 levels: a digest name is data → rows →
 * text[]) lies within RANGES. Plain loops: a 7-day chart's data is ~4,000 rows, and this runs
 * on the render worker's thread for every chart (0.64 → 0.16 ms at 2016 points).
 */
function allLatin(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return latinText(value);
  if (depth > 6 || typeof value !== "object" || value === null) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (!allLatin(v, depth + 1)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) if (!allLatin(record[key], depth + 1)) return false;
  return true;
}

/**
 * The DejaVu files for a chart whose texts are `texts` (its signals and data): the Latin subset
 * when every character is in it, else the full files, so a Cyrillic or Greek task name still
 * draws exactly as before.
 */
export function primaryFontsFor(texts: unknown): string[] {
  const latin = latinSubsetFiles();
  return latin && allLatin(texts) ? latin : primaryFontFiles();
}

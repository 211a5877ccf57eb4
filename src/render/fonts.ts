import { existsSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { threadId } from "node:worker_threads";
import {
  CJK_FONT_FAMILY,
  CJK_FONT_FILES,
  CJK_FONT_PACKAGE,
  FONT_FAMILY,
  FONT_FILES,
  FONT_PACKAGE,
} from "./constants.ts";
import { renderFailed } from "./failure.ts";
import { type CharCoverage, readCoverage } from "./font-coverage.ts";
import { SubsetSource } from "./font-subset.ts";

export type Weight = keyof typeof FONT_FILES;

interface Face {
  file: string;
  coverage: CharCoverage;
}

const faces = new Map<string, Face>();

/**
 * A font file of an installed package, with its character coverage, read once per thread.
 * resvg draws no text at all without its font, silently (render-notes, "Fonts"), so a missing
 * file is a RENDER_FAILED error rather than a chart without labels or with boxes.
 */
function face(pkg: string, relative: string): Face {
  const key = `${pkg}/${relative}`;
  let found = faces.get(key);
  if (found) return found;
  let file: string;
  try {
    file = join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), relative);
  } catch (e) {
    throw renderFailed(`font package ${pkg} is not installed`, e);
  }
  if (!existsSync(file)) throw renderFailed(`font file missing: ${file}`);
  try {
    found = { file, coverage: readCoverage(file) };
  } catch (e) {
    throw renderFailed(`cannot read the character map of ${file}`, e);
  }
  faces.set(key, found);
  return found;
}

/** The DejaVu files every chart is drawn with, regular first: resvg's fallback takes the first. */
export function primaryFontFiles(): string[] {
  return [face(FONT_PACKAGE, FONT_FILES.regular).file, face(FONT_PACKAGE, FONT_FILES.bold).file];
}

/** The font-family to draw a text in, and the CJK face's weight when that face is named. */
export interface FaceChoice {
  family: string;
  cjk?: Weight;
}

/**
 * DejaVu when it has every character of `text` (Latin charts draw exactly as before); Noto Sans
 * SC in the same weight when DejaVu lacks some that Noto has. The CJK face is named, not left to
 * resvg's fallback: that takes the first loaded face with the character whatever its weight, and
 * once one face has them all it draws the whole text in it — a bold title came out regular.
 */
export function faceFor(text: string, weight: Weight): FaceChoice {
  const primary = face(FONT_PACKAGE, FONT_FILES[weight]).coverage;
  const missing: number[] = [];
  for (const c of text) {
    const cp = c.codePointAt(0) ?? 0;
    if (!primary.has(cp)) missing.push(cp);
  }
  if (missing.length === 0) return { family: FONT_FAMILY };
  const cjk = face(CJK_FONT_PACKAGE, CJK_FONT_FILES[weight]).coverage;
  // Characters neither face has (emoji) are boxes either way: no CJK font for nothing.
  if (!missing.some((cp) => cjk.has(cp))) return { family: FONT_FAMILY };
  return { family: `${CJK_FONT_FAMILY}, ${FONT_FAMILY}`, cjk: weight };
}

const sources = new Map<Weight, SubsetSource>();
let written = 0;

/** Font files for one chart beyond DejaVu; `release` deletes them once the chart is drawn. */
export interface ChartFonts {
  files: string[];
  release: () => void;
}

/**
 * The CJK face cut down to the characters of `texts` drawn in it, one file per weight (resvg-js
 * takes fonts as files only). The full 10 MB file would cost ~1.5 ms per glyph drawn, as resvg
 * re-reads it for each (font-subset.ts); a subset ~0.3 MB costs a few ms for the whole chart.
 */
export function cjkFontsFor(texts: readonly { text: string; weight: Weight }[]): ChartFonts {
  const chars = new Map<Weight, Map<number, number>>();
  for (const { text, weight } of texts) {
    const coverage = face(CJK_FONT_PACKAGE, CJK_FONT_FILES[weight]).coverage;
    const map = chars.get(weight) ?? new Map<number, number>();
    for (const c of text) {
      const cp = c.codePointAt(0) ?? 0;
      map.set(cp, coverage.glyph(cp));
    }
    chars.set(weight, map);
  }
  const files: string[] = [];
  const release = () => {
    for (const f of files) {
      try {
        unlinkSync(f);
      } catch {
        // Already gone: nothing else reads these files.
      }
    }
  };
  try {
    for (const [weight, map] of chars) {
      const file = face(CJK_FONT_PACKAGE, CJK_FONT_FILES[weight]).file;
      let source = sources.get(weight);
      if (!source) {
        source = new SubsetSource(file);
        sources.set(weight, source);
      }
      // Unique per process, thread and chart: charts render concurrently, and `wx` never
      // writes into a file another process left behind.
      const path = join(tmpdir(), `omsbot-font-${process.pid}-${threadId}-${++written}.ttf`);
      writeFileSync(path, source.subset(map), { flag: "wx" });
      files.push(path);
    }
  } catch (e) {
    release();
    throw renderFailed("cannot write the CJK font subset for the chart", e);
  }
  return { files, release };
}

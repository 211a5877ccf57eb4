import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
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

export type Weight = keyof typeof FONT_FILES;

interface Face {
  file: string;
  coverage: CharCoverage;
}

const faces = new Map<string, Face>();

/**
 * A font file of an installed package, with its character coverage, read once per process.
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

/** The font-family to draw a text in, and the file resvg needs for it beyond DejaVu, if any. */
export interface FaceChoice {
  family: string;
  file?: string;
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
  const cjk = face(CJK_FONT_PACKAGE, CJK_FONT_FILES[weight]);
  // Characters neither face has (emoji) are boxes either way: no 10 MB load for nothing.
  if (!missing.some((cp) => cjk.coverage.has(cp))) return { family: FONT_FAMILY };
  return { family: `${CJK_FONT_FAMILY}, ${FONT_FAMILY}`, file: cjk.file };
}

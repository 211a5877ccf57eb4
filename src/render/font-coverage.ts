import { closeSync, openSync, readSync } from "node:fs";

/**
 * Which characters a TrueType font has glyphs for, read from its `cmap` table. resvg says nothing
 * when a character is missing (it draws a box), so the renderer asks this before drawing text
 * in a face, and loads the CJK face only for text that needs it (README, "Fonts").
 */
export class CharCoverage {
  /**
   * Runs of consecutive code points mapped to consecutive glyphs, sorted and disjoint:
   * [first0, last0, glyph0, first1, …]; the glyph of cp in run i is glyph_i + (cp − first_i).
   */
  private readonly runs: Uint32Array;

  constructor(runs: Uint32Array) {
    this.runs = runs;
  }

  /** The glyph drawn for `cp`, or 0 (.notdef, the box) when the font has none. */
  glyph(cp: number): number {
    let lo = 0;
    let hi = this.runs.length / 3 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const first = this.runs[3 * mid] ?? 0;
      if (cp < first) hi = mid - 1;
      else if (cp > (this.runs[3 * mid + 1] ?? 0)) lo = mid + 1;
      else return (this.runs[3 * mid + 2] ?? 0) + (cp - first);
    }
    return 0;
  }

  has(cp: number): boolean {
    return this.glyph(cp) !== 0;
  }

  /** Every code point of `text` has a glyph. */
  covers(text: string): boolean {
    for (const c of text) if (!this.has(c.codePointAt(0) ?? 0)) return false;
    return true;
  }
}

/** Collects (code point → glyph) runs in ascending code point order, merging where both continue. */
class RunBuilder {
  private readonly out: number[] = [];

  add(first: number, last: number, glyph: number): void {
    const n = this.out.length;
    const prevFirst = this.out[n - 3];
    const prevLast = this.out[n - 2];
    const prevGlyph = this.out[n - 1];
    if (
      prevFirst !== undefined &&
      prevLast !== undefined &&
      prevGlyph !== undefined &&
      first === prevLast + 1 &&
      glyph === prevGlyph + (first - prevFirst)
    ) {
      this.out[n - 2] = last;
    } else {
      this.out.push(first, last, glyph);
    }
  }

  build(): CharCoverage {
    return new CharCoverage(Uint32Array.from(this.out));
  }
}

/** Format 12 (full Unicode): groups of consecutive code points mapped to consecutive glyphs. */
function format12(t: Buffer, at: number): CharCoverage {
  const groups = t.readUInt32BE(at + 12);
  const runs = new RunBuilder();
  for (let g = 0; g < groups; g++) {
    const p = at + 16 + g * 12;
    const first = t.readUInt32BE(p);
    const last = t.readUInt32BE(p + 4);
    const glyph = t.readUInt32BE(p + 8);
    // Glyph 0 is .notdef, the box: a group starting there does not cover its first character.
    if (glyph === 0) {
      if (first < last) runs.add(first + 1, last, 1);
    } else runs.add(first, last, glyph);
  }
  return runs.build();
}

/** Format 4 (BMP only): segments, each mapped by a delta or through a glyph index array. */
function format4(t: Buffer, at: number): CharCoverage {
  const segs = t.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const rangeOffsets = deltas + segs * 2;
  const runs = new RunBuilder();
  for (let s = 0; s < segs; s++) {
    const start = t.readUInt16BE(starts + s * 2);
    const end = t.readUInt16BE(ends + s * 2);
    const delta = t.readUInt16BE(deltas + s * 2);
    const rangeOffset = t.readUInt16BE(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const raw = t.readUInt16BE(rangeOffsets + s * 2 + rangeOffset + (c - start) * 2);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) runs.add(c, c, glyph);
    }
  }
  return runs.build();
}

/** Parses a `cmap` table: the Unicode full-repertoire subtable if there is one, else the BMP one. */
export function parseCmap(table: Buffer): CharCoverage {
  const count = table.readUInt16BE(2);
  let bmp: number | undefined;
  for (let i = 0; i < count; i++) {
    const platform = table.readUInt16BE(4 + i * 8);
    const encoding = table.readUInt16BE(6 + i * 8);
    const at = table.readUInt32BE(8 + i * 8);
    const format = table.readUInt16BE(at);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) return format12(table, at);
    if (format === 4) bmp ??= at;
  }
  if (bmp === undefined) throw new Error("no Unicode cmap subtable of format 4 or 12");
  return format4(table, bmp);
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  if (n !== length)
    throw new Error(`font file ends early (${n} of ${length} bytes at ${position})`);
  return buf;
}

/**
 * The coverage of the font in `file`. Only the table directory and `cmap` are read (a few
 * hundred KB of a 10 MB CJK font), once per process by the caller's cache.
 */
export function readCoverage(file: string): CharCoverage {
  const fd = openSync(file, "r");
  try {
    const tables = readAt(fd, 4, 2).readUInt16BE(0);
    const dir = readAt(fd, 12, tables * 16);
    for (let i = 0; i < tables; i++) {
      if (dir.toString("latin1", i * 16, i * 16 + 4) !== "cmap") continue;
      return parseCmap(readAt(fd, dir.readUInt32BE(i * 16 + 8), dir.readUInt32BE(i * 16 + 12)));
    }
    throw new Error("no cmap table");
  } finally {
    closeSync(fd);
  }
}

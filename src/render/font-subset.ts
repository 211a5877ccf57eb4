import { closeSync, openSync, readSync } from "node:fs";

/**
 * A small copy of a big TrueType font holding only the glyphs one chart draws. resvg-js 2.6.2
 * reads the whole font file again for every glyph it draws in it (measured: ~1.5 ms per glyph
 * with the 10 MB Noto Sans SC, a 30-character Chinese title +50 ms); from a ~0.4 MB subset the
 * same title costs a few ms (README, "Fonts").
 *
 * Glyph IDs stay as they are (unused glyphs become empty), so `hmtx` and `GPOS` (kerning) are
 * kept unchanged; `cmap` is rebuilt for the chart's characters only; `GSUB` is left out, since a
 * substitution could pick a glyph that was emptied. Outlines are read from the file by offset:
 * the 10 MB `glyf` table is never held in memory.
 */

/** Tables kept as they are. `head` is kept too, with the long `loca` format set. */
const KEPT = ["GDEF", "GPOS", "OS/2", "hhea", "hmtx", "maxp", "name", "post"] as const;

interface Table {
  offset: number;
  length: number;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  if (n !== length)
    throw new Error(`font file ends early (${n} of ${length} bytes at ${position})`);
  return buf;
}

/** The parts of one font file a subset is built from, read once. */
export class SubsetSource {
  private readonly file: string;
  private readonly glyf: Table;
  private readonly tables = new Map<string, Buffer>();
  /** Start of each glyph in `glyf`, numGlyphs + 1 entries. */
  private readonly loca: Uint32Array;

  constructor(file: string) {
    this.file = file;
    const fd = openSync(file, "r");
    try {
      const count = readAt(fd, 4, 2).readUInt16BE(0);
      const dir = readAt(fd, 12, count * 16);
      const found = new Map<string, Table>();
      for (let i = 0; i < count; i++) {
        const tag = dir.toString("latin1", i * 16, i * 16 + 4);
        found.set(tag, {
          offset: dir.readUInt32BE(i * 16 + 8),
          length: dir.readUInt32BE(i * 16 + 12),
        });
      }
      const need = (tag: string): Table => {
        const t = found.get(tag);
        if (!t) throw new Error(`no ${tag} table`);
        return t;
      };
      for (const tag of [...KEPT, "head"]) {
        const t = found.get(tag);
        if (t) this.tables.set(tag, readAt(fd, t.offset, t.length));
      }
      this.glyf = need("glyf");
      const head = this.tables.get("head") ?? Buffer.alloc(0);
      const maxp = this.tables.get("maxp") ?? Buffer.alloc(0);
      if (head.length < 54 || maxp.length < 6) throw new Error("head or maxp table missing");
      const glyphs = maxp.readUInt16BE(4);
      const longLoca = head.readInt16BE(50) === 1;
      const loca = need("loca");
      const raw = readAt(fd, loca.offset, (glyphs + 1) * (longLoca ? 4 : 2));
      this.loca = new Uint32Array(glyphs + 1);
      for (let g = 0; g <= glyphs; g++) {
        this.loca[g] = longLoca ? raw.readUInt32BE(g * 4) : raw.readUInt16BE(g * 2) * 2;
      }
    } finally {
      closeSync(fd);
    }
  }

  /** A font with the glyphs of `chars` (code point → glyph, from the font's cmap) and .notdef. */
  subset(chars: ReadonlyMap<number, number>): Buffer {
    const fd = openSync(this.file, "r");
    try {
      const outlines = this.outlines(fd, new Set([0, ...chars.values()]));
      const tables = new Map<string, Buffer>();
      for (const tag of KEPT) {
        const t = this.tables.get(tag);
        if (t) tables.set(tag, t);
      }
      const head = Buffer.from(this.tables.get("head") ?? Buffer.alloc(54));
      head.writeUInt32BE(0, 8); // checkSumAdjustment: nothing reads it
      head.writeInt16BE(1, 50); // long loca offsets
      tables.set("head", head);
      const { glyf, loca } = this.glyfAndLoca(outlines);
      tables.set("glyf", glyf);
      tables.set("loca", loca);
      tables.set("cmap", cmap12(chars));
      return sfnt(tables);
    } finally {
      closeSync(fd);
    }
  }

  /** Outlines of `wanted` and of every glyph their composites are built from. */
  private outlines(fd: number, wanted: Set<number>): Map<number, Buffer> {
    const out = new Map<number, Buffer>();
    const todo = [...wanted];
    for (let g = todo.pop(); g !== undefined; g = todo.pop()) {
      if (out.has(g)) continue;
      const start = this.loca[g];
      const end = this.loca[g + 1];
      if (start === undefined || end === undefined) continue;
      const data =
        end > start ? readAt(fd, this.glyf.offset + start, end - start) : Buffer.alloc(0);
      out.set(g, data);
      if (data.length >= 10 && data.readInt16BE(0) < 0) todo.push(...components(data));
    }
    return out;
  }

  private glyfAndLoca(outlines: Map<number, Buffer>): { glyf: Buffer; loca: Buffer } {
    const count = this.loca.length - 1;
    const loca = Buffer.alloc((count + 1) * 4);
    const parts: Buffer[] = [];
    let at = 0;
    for (let g = 0; g < count; g++) {
      loca.writeUInt32BE(at, g * 4);
      const data = outlines.get(g);
      if (!data || data.length === 0) continue;
      const padded = Buffer.alloc((data.length + 3) & ~3);
      data.copy(padded);
      parts.push(padded);
      at += padded.length;
    }
    loca.writeUInt32BE(at, count * 4);
    return { glyf: Buffer.concat(parts), loca };
  }
}

/** Glyph IDs a composite glyph refers to (TrueType `glyf` component records). */
function components(data: Buffer): number[] {
  const ids: number[] = [];
  let p = 10;
  for (;;) {
    if (p + 4 > data.length) break;
    const flags = data.readUInt16BE(p);
    ids.push(data.readUInt16BE(p + 2));
    p += 4 + (flags & 0x1 ? 4 : 2);
    if (flags & 0x8) p += 2;
    else if (flags & 0x40) p += 4;
    else if (flags & 0x80) p += 8;
    if (!(flags & 0x20)) break;
  }
  return ids;
}

/** A cmap with one Windows Unicode full-repertoire subtable (format 12). */
function cmap12(chars: ReadonlyMap<number, number>): Buffer {
  const pairs = [...chars].filter(([, g]) => g !== 0).sort((a, b) => a[0] - b[0]);
  const groups: [number, number, number][] = [];
  for (const [cp, g] of pairs) {
    const last = groups[groups.length - 1];
    if (last && cp === last[1] + 1 && g === last[2] + (cp - last[0])) last[1] = cp;
    else groups.push([cp, cp, g]);
  }
  const sub = Buffer.alloc(16 + groups.length * 12);
  sub.writeUInt16BE(12, 0);
  sub.writeUInt32BE(sub.length, 4);
  sub.writeUInt32BE(groups.length, 12);
  groups.forEach(([first, last, g], i) => {
    sub.writeUInt32BE(first, 16 + i * 12);
    sub.writeUInt32BE(last, 20 + i * 12);
    sub.writeUInt32BE(g, 24 + i * 12);
  });
  const head = Buffer.alloc(12);
  head.writeUInt16BE(1, 2); // one encoding record
  head.writeUInt16BE(3, 4); // Windows
  head.writeUInt16BE(10, 6); // Unicode full repertoire
  head.writeUInt32BE(12, 8);
  return Buffer.concat([head, sub]);
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 4) {
    sum =
      (sum +
        ((b[i] ?? 0) << 24) +
        ((b[i + 1] ?? 0) << 16) +
        ((b[i + 2] ?? 0) << 8) +
        (b[i + 3] ?? 0)) >>>
      0;
  }
  return sum;
}

/** The font file: header, table records sorted by tag, tables 4-byte aligned. */
function sfnt(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  const power = 2 ** Math.floor(Math.log2(n));
  const header = Buffer.alloc(12 + n * 16);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(n * 16 - power * 16, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tags.forEach((tag, i) => {
    const data = tables.get(tag) ?? Buffer.alloc(0);
    const padded = Buffer.alloc((data.length + 3) & ~3);
    data.copy(padded);
    header.write(tag, 12 + i * 16, "latin1");
    header.writeUInt32BE(checksum(padded), 16 + i * 16);
    header.writeUInt32BE(offset, 20 + i * 16);
    header.writeUInt32BE(data.length, 24 + i * 16);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}

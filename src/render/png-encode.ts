import { promisify } from "node:util";
import { crc32, deflate } from "node:zlib";

const deflateAsync = promisify(deflate);

/**
 * zlib hands its output back to the JS thread a chunk at a time (16 KiB by default): a chart's
 * 100–250 KB PNG took 7–15 round trips, a few ms of the render worker's thread per chart under a
 * burst. One chunk holds a stats chart's; 16-chart bursts of 2016 points through the pool, three
 * alternated pairs: 15.9–16.8 → 17.4–17.9 charts/s, CPU per chart −5 ms; same bytes out.
 */
const OUTPUT_CHUNK = 256 * 1024;

/**
 * Filtered-row buffers kept for the next chart of the same size, one per chart in flight
 * (pool-options.ts: 2 a worker); a fresh 4 MB one is page-faulted in row by row as it is
 * filled. Only chart-sized ones are kept: a digest's can be 25 MB. Measured through the pool
 * (alternated pairs): 288 points 30.9 → 33.8 charts/s, 2016 points 18.2 → 18.9; the compiled
 * bot's burst p50 1.88–2.01 → 1.71–1.79 s and peak RSS 345–352 → 331–336 MB.
 */
const spare: Buffer[] = [];
const MAX_SPARE = 2;
const MAX_SPARE_BYTES = 8 * 2 ** 20;

function rawBuffer(size: number): Buffer {
  const at = spare.findIndex((b) => b.length === size);
  const reused = at >= 0 ? spare.splice(at, 1)[0] : undefined;
  return reused ?? Buffer.allocUnsafe(size);
}

function release(raw: Buffer): void {
  if (raw.length <= MAX_SPARE_BYTES && spare.length < MAX_SPARE) spare.push(raw);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * RGBA pixels (straight alpha; the charts have an opaque white background, so resvg's
 * premultiplied pixels are the same) → PNG, filter "none" and deflate level 1, on libuv's
 * threads, in a reused row buffer (`spare`). Measured on the 288-point stats chart at
 * 1800×1000 (bench/encode-zoom.ts, 2 loaded cores): resvg-js's `asPng()` 37–40 ms on the
 * worker's JS thread, this 13–15 ms of which only the row copy (~2 ms) is on it, for a file of
 * the same size (152 vs 146 KB): a chart is mostly flat white, which deflate packs well without
 * PNG's per-row filters.
 */
export async function encodePng(pixels: Buffer, width: number, height: number): Promise<Buffer> {
  const stride = width * 4;
  const raw = rawBuffer((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const at = y * (stride + 1);
    raw[at] = 0;
    pixels.copy(raw, at + 1, y * stride, (y + 1) * stride);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  let idat: Buffer;
  try {
    idat = await deflateAsync(raw, { level: 1, chunkSize: OUTPUT_CHUNK });
  } finally {
    release(raw);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", idat),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

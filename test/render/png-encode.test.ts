import { describe, expect, it } from "vitest";
import { encodePng } from "../../src/render/png-encode.ts";
import { decode } from "./png-picture.ts";

/** RGBA pixels of a w×h image whose every byte depends on `seed`, its position and channel. */
function image(w: number, h: number, seed: number): Buffer {
  const px = Buffer.alloc(w * h * 4);
  for (let i = 0; i < px.length; i++) px[i] = (i * 31 + seed * 97 + ((i >> 7) ^ seed)) & 0xff;
  return px;
}

describe("PNG encoding", () => {
  it("decodes to the very pixels it was given, charts in flight at once sharing row buffers", async () => {
    const [w, h] = [300, 200];
    // Two rounds of four at once: the second takes the buffers the first gave back (spare).
    for (const round of [0, 1]) {
      const inputs = [1, 2, 3, 4].map((k) => image(w, h, k + round * 10));
      const pngs = await Promise.all(inputs.map((px) => encodePng(px, w, h)));
      pngs.forEach((png, i) => {
        const p = decode(png);
        expect([p.width, p.height]).toEqual([w, h]);
        expect(Buffer.from(p.data).equals(inputs[i] ?? Buffer.alloc(0))).toBe(true);
      });
    }
  });

  it("encodes an image of another size after them, whole", async () => {
    const px = image(123, 45, 7);
    const p = decode(await encodePng(px, 123, 45));
    expect([p.width, p.height]).toEqual([123, 45]);
    expect(Buffer.from(p.data).equals(px)).toBe(true);
  });
});

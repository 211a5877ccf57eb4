import { describe, expect, it } from "vitest";
import { cutToRange } from "../../src/render/range-cut.ts";

const pts = (...tv: Array<[number, number]>) => tv.map(([t, v]) => ({ t, v }));

describe("cutToRange", () => {
  it("keeps a series inside the range as it is, ends included", () => {
    const s = pts([10, 1], [20, 5], [30, 2]);
    expect(cutToRange(s, 10, 30)).toEqual(s);
  });

  it("ends a line that crosses an end on that end, at the value the line has there", () => {
    const s = pts([0, 0], [10, 10], [20, 30], [30, 0]);
    expect(cutToRange(s, 5, 25)).toEqual(pts([5, 5], [10, 10], [20, 30], [25, 15]));
  });

  it("cuts one segment spanning the whole range to its two ends", () => {
    expect(cutToRange(pts([0, 0], [100, 100]), 40, 60)).toEqual(pts([40, 40], [60, 60]));
  });

  it("leaves nothing of a series wholly before or after the range", () => {
    expect(cutToRange(pts([0, 1], [5, 2]), 10, 20)).toEqual([]);
    expect(cutToRange(pts([25, 1], [30, 2]), 10, 20)).toEqual([]);
    expect(cutToRange([], 10, 20)).toEqual([]);
  });

  it("adds no point on an end a point already sits on", () => {
    expect(cutToRange(pts([0, 9], [10, 1], [20, 2], [30, 9]), 10, 20)).toEqual(
      pts([10, 1], [20, 2]),
    );
  });
});

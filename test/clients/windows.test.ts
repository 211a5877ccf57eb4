import { describe, expect, it } from "vitest";
import { mergeWindows, splitRange, WINDOW_MS } from "../../src/clients/oms/windows.ts";

const T0 = Date.UTC(2026, 10, 1);
const M5 = 300_000;
const H = 3_600_000;

describe("splitRange", () => {
  it("covers the range in consecutive windows of at most 1000 five-minute intervals", () => {
    const end = T0 + 7 * 24 * H;
    const w = splitRange(T0, end);
    expect(w).toHaveLength(3);
    expect(w[0]).toEqual({ start: T0, end: T0 + WINDOW_MS });
    expect(w[2]?.end).toBe(end);
    for (let i = 1; i < w.length; i++) expect(w[i]?.start).toBe(w[i - 1]?.end);
    expect(splitRange(T0, T0)).toEqual([]);
  });
});

describe("mergeWindows", () => {
  it("sorts, drops duplicates at window edges and points outside the range", () => {
    const merged = mergeWindows("t", ["REQUEST"], T0, T0 + 4 * M5, [
      {
        granularity: "FIVE_MINUTES",
        series: {
          REQUEST: [
            { t: T0 + 2 * M5, v: 3 },
            { t: T0 + 3 * M5, v: 4 },
            { t: T0 + 4 * M5, v: 99 },
          ],
        },
      },
      {
        granularity: "FIVE_MINUTES",
        series: {
          REQUEST: [
            { t: T0 - M5, v: 99 },
            { t: T0, v: 1 },
            { t: T0 + M5, v: 2 },
            { t: T0 + 2 * M5, v: 3 },
          ],
        },
      },
    ]);
    expect(merged.granularity).toBe("FIVE_MINUTES");
    expect(merged.series.REQUEST).toEqual([
      { t: T0, v: 1 },
      { t: T0 + M5, v: 2 },
      { t: T0 + 2 * M5, v: 3 },
      { t: T0 + 3 * M5, v: 4 },
    ]);
  });

  it("an hourly window makes the whole series hourly, five-minute points summed into their hour", () => {
    const merged = mergeWindows("t", ["FAILURE"], T0, T0 + 3 * H, [
      { granularity: "ONE_HOUR", series: { FAILURE: [{ t: T0, v: 10 }] } },
      {
        granularity: "FIVE_MINUTES",
        series: {
          FAILURE: [
            { t: T0 + H, v: 1 },
            { t: T0 + H + M5, v: 2 },
            { t: T0 + 2 * H + 55 * 60_000, v: 5 },
          ],
        },
      },
    ]);
    expect(merged.granularity).toBe("ONE_HOUR");
    expect(merged.series.FAILURE).toEqual([
      { t: T0, v: 10 },
      { t: T0 + H, v: 3 },
      { t: T0 + 2 * H, v: 5 },
    ]);
  });

  it("a type no window answered is an empty series, not a missing one", () => {
    const merged = mergeWindows("t", ["SIZE"], T0, T0 + H, [
      { granularity: "FIVE_MINUTES", series: {} },
    ]);
    expect(merged.series.SIZE).toEqual([]);
  });
});

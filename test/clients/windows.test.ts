import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { halveWindow, mergeWindows, splitRange, WINDOW_MS } from "../../src/clients/oms/windows.ts";

const T0 = Date.UTC(2026, 10, 1);
const M5 = 300_000;
const H = 3_600_000;

/** Five-minute starts t with start ≤ t < end, or ≤ end when the server counts end_time too. */
function starts(w: { start: number; end: number }, inclusive: boolean): number {
  const first = Math.ceil(w.start / M5) * M5;
  const last = inclusive ? Math.floor(w.end / M5) * M5 : Math.ceil(w.end / M5) * M5 - M5;
  return last >= first ? (last - first) / M5 + 1 : 0;
}

describe("splitRange", () => {
  it("covers the range in consecutive windows, each starting where the last stops", () => {
    const end = T0 + 7 * 24 * H;
    const w = splitRange(T0, end);
    expect(w).toHaveLength(3);
    expect(w[0]).toEqual({ start: T0, end: T0 + WINDOW_MS - 1 });
    expect(w[2]?.end).toBe(end);
    for (let i = 1; i < w.length; i++) expect(w[i]?.start).toBe(w[i - 1]?.end);
    expect(splitRange(T0, T0)).toEqual([]);
  });

  it.each([false, true])(
    "no window holds more than 1000 five-minute starts, end_time inclusive: %s",
    (inclusive) => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2_000 }),
          fc.integer({ min: 0, max: M5 - 1 }),
          fc.integer({ min: 1, max: 30 * 24 * 12 }),
          (offsetIntervals, offsetMs, intervals) => {
            const start = T0 + offsetIntervals * M5 + offsetMs;
            const end = start + intervals * M5;
            const windows = splitRange(start, end);
            for (const w of windows) expect(starts(w, inclusive)).toBeLessThanOrEqual(1000);
            // Contiguous from start to end: under either reading no instant falls between them.
            expect(windows[0]?.start).toBe(start);
            expect(windows.at(-1)?.end).toBe(end);
            for (let i = 1; i < windows.length; i++) {
              expect(windows[i]?.start).toBe(windows[i - 1]?.end);
            }
          },
        ),
        { numRuns: 200 },
      );
    },
  );

  it("today's aligned 1000-interval window would hold 1001 starts if end_time counts", () => {
    // The reason the windows are 1 ms short: the window of old, [T0, T0 + 1000 intervals].
    expect(starts({ start: T0, end: T0 + WINDOW_MS }, true)).toBe(1001);
    expect(starts(splitRange(T0, T0 + 3 * WINDOW_MS)[0] ?? { start: 0, end: 0 }, true)).toBe(1000);
  });
});

describe("halveWindow", () => {
  it("cuts on a five-minute boundary into two halves that meet", () => {
    const halves = halveWindow({ start: T0 + 7, end: T0 + 1000 * M5 });
    expect(halves?.[0].start).toBe(T0 + 7);
    expect(halves?.[0].end).toBe(T0 + 500 * M5);
    expect(halves?.[1]).toEqual({ start: T0 + 500 * M5, end: T0 + 1000 * M5 });
  });

  it("a window too short to cut is not cut", () => {
    expect(halveWindow({ start: T0, end: T0 + 1 })).toBeNull();
    expect(halveWindow({ start: T0 + 1, end: T0 + 3 })).toEqual([
      { start: T0 + 1, end: T0 + 2 },
      { start: T0 + 2, end: T0 + 3 },
    ]);
  });
});

describe("mergeWindows", () => {
  it("one answer: in order it is kept as sent (clipped to the range); out of order it is sorted and de-duplicated", () => {
    const p = (i: number, v: number) => ({ t: T0 + i * M5, v });
    const ordered = mergeWindows("t", ["REQUEST"], T0 + M5, T0 + 3 * M5, [
      { granularity: "FIVE_MINUTES", series: { REQUEST: [p(0, 1), p(1, 2), p(2, 3), p(3, 4)] } },
    ]);
    expect(ordered.series.REQUEST).toEqual([p(1, 2), p(2, 3)]);
    const jumbled = mergeWindows("t", ["REQUEST"], T0, T0 + 3 * M5, [
      { granularity: "FIVE_MINUTES", series: { REQUEST: [p(2, 3), p(0, 1), p(2, 3), p(1, 2)] } },
    ]);
    expect(jumbled.series.REQUEST).toEqual([p(0, 1), p(1, 2), p(2, 3)]);
  });

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

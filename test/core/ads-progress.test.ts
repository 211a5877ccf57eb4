import { describe, expect, it } from "vitest";
import type { AdsProgressSample, AdsTask } from "../../src/core/ads-domain.ts";
import { adsChartInput, estimateFinish, retainSamples } from "../../src/core/ads-progress.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const s = (t: number, percent = 0, complete = 0): AdsProgressSample => ({
  t,
  percent,
  complete,
  total: 1000,
});

describe("retainSamples", () => {
  it("keeps 5-minute resolution for a day, hourly to 14 days, nothing older", () => {
    let kept: AdsProgressSample[] = [];
    // A poll every 5 minutes for 15 days.
    for (let t = NOW - 15 * DAY; t <= NOW; t += 5 * MIN) kept = retainSamples(kept, t, s(t));
    expect(kept.every((x) => NOW - x.t <= 14 * DAY)).toBe(true);
    const fine = kept.filter((x) => NOW - x.t <= DAY);
    const coarse = kept.filter((x) => NOW - x.t > DAY);
    expect(fine).toHaveLength(24 * 12 + 1);
    // One per hour between 1 and 14 days back (13 days, give or take the edge hours).
    expect(coarse.length).toBeGreaterThanOrEqual(13 * 24 - 1);
    expect(coarse.length).toBeLessThanOrEqual(13 * 24 + 1);
    const gaps = coarse.slice(1).map((x, i) => x.t - (coarse[i] as AdsProgressSample).t);
    expect(gaps.every((g) => g === HOUR)).toBe(true);
    expect(kept.length).toBeLessThanOrEqual(602);
  });

  it("polls more often than 5 minutes keep the last reading of each 5 minutes", () => {
    let kept: AdsProgressSample[] = [];
    for (let i = 0; i < 10; i++) kept = retainSamples(kept, NOW + i * MIN, s(NOW + i * MIN, i));
    expect(kept.map((x) => x.percent)).toEqual([4, 9]);
  });

  it("does not change its input", () => {
    const input = [s(NOW - 20 * DAY), s(NOW)];
    retainSamples(input, NOW, s(NOW + MIN));
    expect(input).toHaveLength(2);
  });
});

const doing = { state: "DOING" } as Pick<AdsTask, "state">;

describe("estimateFinish", () => {
  it("needs two samples", () => {
    expect(estimateFinish(doing, [s(NOW, 10)]).kind).toBe("too-few-samples");
  });

  it("projects the last hour's rate to 100%", () => {
    // 10 %/h over the last hour (the slower start before it does not count).
    const samples = [s(NOW - 3 * HOUR, 0), s(NOW - HOUR, 30), s(NOW, 40)];
    expect(estimateFinish(doing, samples)).toEqual({
      kind: "eta",
      at: NOW + 6 * HOUR,
      percentPerHour: 10,
    });
  });

  it("uses the oldest sample when the history is shorter than an hour", () => {
    const e = estimateFinish(doing, [s(NOW - 10 * MIN, 50), s(NOW, 55)]);
    expect(e).toEqual({ kind: "eta", at: NOW + 90 * MIN, percentPerHour: 30 });
  });

  it("no progress, or a finished task, gives no time", () => {
    expect(estimateFinish(doing, [s(NOW - HOUR, 40), s(NOW, 40)]).kind).toBe("no-progress");
    expect(estimateFinish({ state: "COMPLETED" }, [s(NOW - HOUR, 40), s(NOW, 100)]).kind).toBe(
      "finished",
    );
  });
});

describe("adsChartInput", () => {
  it("files completed per interval as SUCCESS; a count going down is not negative", () => {
    const samples = [
      s(NOW, 0, 100),
      s(NOW + 5 * MIN, 1, 160),
      s(NOW + 10 * MIN, 1, 150),
      s(NOW + 15 * MIN, 2, 200),
    ];
    const input = adsChartInput({
      title: "t",
      subtitle: "",
      tz: "UTC",
      range: { start: NOW, end: NOW + HOUR },
      samples,
    });
    expect(input.granularity).toBe("FIVE_MINUTES");
    expect(input.series.SUCCESS).toEqual([
      { t: NOW + 5 * MIN, v: 60 },
      { t: NOW + 10 * MIN, v: 0 },
      { t: NOW + 15 * MIN, v: 50 },
    ]);
  });

  it("hourly over a day", () => {
    const samples = [s(NOW, 0, 0), s(NOW + 5 * MIN, 0, 10), s(NOW + 10 * MIN, 0, 30)];
    const input = adsChartInput({
      title: "t",
      subtitle: "",
      tz: "UTC",
      range: { start: NOW - 2 * DAY, end: NOW + HOUR },
      samples,
    });
    expect(input.granularity).toBe("ONE_HOUR");
    expect(input.series.SUCCESS).toEqual([{ t: NOW, v: 30 }]);
  });
});

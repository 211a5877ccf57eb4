import { describe, expect, it } from "vitest";
import { MAX_DRAWN_POINTS } from "../../src/render/constants.ts";
import { downsampleMinMax } from "../../src/render/downsample.ts";
import { niceCeil, prepareStatsChart, throughputUnit, zeroFill } from "../../src/render/prepare.ts";
import { emptyInput, FIVE_MIN, START, statsInput, withHole } from "./fixtures.ts";

describe("chart data preparation", () => {
  it("labels throughput in core's binary units, per second", () => {
    expect(throughputUnit(0)).toEqual({ unit: "B/s", divisor: 1 });
    expect(throughputUnit(1023)).toEqual({ unit: "B/s", divisor: 1 });
    expect(throughputUnit(1024)).toEqual({ unit: "KiB/s", divisor: 1024 });
    expect(throughputUnit(5 * 2 ** 30)).toEqual({ unit: "GiB/s", divisor: 2 ** 30 });
  });

  it("turns bytes per 5 minutes into MiB/s", () => {
    const input = statsInput(3, ["SIZE"]);
    input.series.SIZE = [0, 1, 2].map((i) => ({
      t: input.range.start + i * 300_000,
      v: 300 * 2 ** 20,
    }));
    const prepared = prepareStatsChart(input);
    expect(prepared.signals.sizeUnit).toBe("MiB/s");
    expect(prepared.throughput.map((r) => r.v)).toEqual([1, 1, 1]);
    expect(prepared.variant).toMatchObject({ kind: "stats", countTypes: [], size: true });
  });

  it("keeps only the asked types, failures in their own rows", () => {
    const prepared = prepareStatsChart(statsInput(10, ["FAILURE", "REQUEST"]));
    expect(prepared.variant).toMatchObject({
      countTypes: ["REQUEST"],
      failures: true,
      size: false,
    });
    expect(new Set(prepared.counts.map((r) => r.type))).toEqual(new Set(["requested"]));
    expect(prepared.failures).toHaveLength(10);
  });

  it("tops the failures scale a little above their maximum, and at 1.5 when there are none", () => {
    const input = statsInput(288, ["REQUEST", "FAILURE"]);
    expect(prepareStatsChart(input).signals.failMax).toBe(500);
    input.series.FAILURE = [];
    expect(prepareStatsChart(input).signals.failMax).toBe(1.5);
    expect([3, 30, 172, 219].map(niceCeil)).toEqual([4, 40, 200, 250]);
  });

  it("marks a range without points as empty", () => {
    expect(prepareStatsChart(emptyInput()).variant.kind).toBe("empty");
    expect(prepareStatsChart({ ...emptyInput(), series: {} }).variant.kind).toBe("empty");
  });

  it("thins long series but keeps every spike", () => {
    const points = Array.from({ length: 2016 }, (_, i) => ({ t: i, v: i === 1234 ? 99 : i % 3 }));
    const thin = downsampleMinMax(points, 800);
    expect(thin.length).toBeLessThanOrEqual(800);
    expect(thin.some((p) => p.t === 1234 && p.v === 99)).toBe(true);
    expect(thin.map((p) => p.t)).toEqual([...thin.map((p) => p.t)].sort((a, b) => a - b));
    expect(downsampleMinMax(points.slice(0, 288), 800)).toHaveLength(288);
  });

  it("draws intervals the API left out as zero, across the whole asked range", () => {
    // REQUEST 1000 everywhere except one hour (points 120–131) that the API left out.
    const input = withHole(statsInput(288, ["REQUEST", "FAILURE"]), 120, 132);
    expect(input.series.REQUEST).toHaveLength(276);
    const prepared = prepareStatsChart(input);
    const requested = prepared.counts.filter((r) => r.type === "requested");
    expect(requested).toHaveLength(288);
    const inHole = requested.filter(
      (r) => r.t >= START + 120 * FIVE_MIN && r.t < START + 132 * FIVE_MIN,
    );
    expect(inHole.map((r) => r.v)).toEqual(Array(12).fill(0));
    expect(requested[119]?.v).toBe(1000);
    expect(requested[132]?.v).toBe(1000);
  });

  it("fills leading and trailing idle intervals, but not one still running at the range end", () => {
    const input = statsInput(12, ["REQUEST", "SIZE"]);
    // Only points 3 and 4 came back; the range ends 2 minutes into a 13th interval.
    input.series.REQUEST = [3, 4].map((i) => ({ t: START + i * FIVE_MIN, v: 7 }));
    input.series.SIZE = [];
    input.range = { start: START, end: START + 12 * FIVE_MIN + 120_000 };
    const prepared = prepareStatsChart(input);
    expect(prepared.counts.map((r) => r.v)).toEqual([0, 0, 0, 7, 7, 0, 0, 0, 0, 0, 0, 0]);
    expect(prepared.counts.at(-1)?.t).toBe(START + 11 * FIVE_MIN);
    // A series asked for but empty is idle, not unknown, when others have points.
    expect(prepared.throughput).toHaveLength(12);
    expect(prepared.throughput.every((r) => r.v === 0)).toBe(true);
  });

  it("keeps the no-data chart when every series is empty", () => {
    const prepared = prepareStatsChart(emptyInput());
    expect(prepared.variant.kind).toBe("empty");
    expect(prepared.counts).toEqual([]);
  });

  it("takes the grid's phase from the points and keeps points off the grid", () => {
    const grid = { first: 10, last: 40, step: 10 };
    const filled = zeroFill(
      [
        { t: 20, v: 5 },
        { t: 25, v: 6 },
      ],
      grid,
    );
    expect(filled).toEqual([
      { t: 10, v: 0 },
      { t: 20, v: 5 },
      { t: 25, v: 6 },
      { t: 30, v: 0 },
      { t: 40, v: 0 },
    ]);
  });

  it("still keeps a one-interval spike in 7 days of mostly left-out intervals", () => {
    const input = statsInput(2016, ["FAILURE"]);
    input.series.FAILURE = [{ t: START + 1500 * FIVE_MIN, v: 30 }];
    const prepared = prepareStatsChart(input);
    expect(prepared.failures.length).toBeLessThanOrEqual(MAX_DRAWN_POINTS);
    expect(prepared.failures.some((r) => r.v === 30 && r.t === START + 1500 * FIVE_MIN)).toBe(true);
    expect(prepared.failures.filter((r) => r.v !== 0)).toHaveLength(1);
  });
});

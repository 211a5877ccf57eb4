import { describe, expect, it } from "vitest";
import { formatBytes } from "../../src/core/format.ts";
import { downsampleMinMax } from "../../src/render/downsample.ts";
import { binaryUnit, prepareStatsChart } from "../../src/render/prepare.ts";
import { emptyInput, statsInput } from "./fixtures.ts";

describe("chart data preparation", () => {
  it("chooses binary throughput units", () => {
    expect(binaryUnit(0)).toEqual({ unit: "B/s", divisor: 1 });
    expect(binaryUnit(1023)).toEqual({ unit: "B/s", divisor: 1 });
    expect(binaryUnit(1024)).toEqual({ unit: "KiB/s", divisor: 1024 });
    expect(binaryUnit(5 * 2 ** 30)).toEqual({ unit: "GiB/s", divisor: 2 ** 30 });
  });

  it("picks the same binary unit as the chat text (core/format) until core exports it", () => {
    for (let bytes = 1; bytes < 2 ** 60; bytes *= 3.7) {
      const chatUnit = formatBytes(bytes).split(" ")[1];
      expect(binaryUnit(bytes).unit).toBe(`${chatUnit}/s`);
    }
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

  it("keeps only the asked types, failures last", () => {
    const prepared = prepareStatsChart(statsInput(10, ["FAILURE", "REQUEST"]));
    expect(prepared.variant.countTypes).toEqual(["REQUEST", "FAILURE"]);
    expect(prepared.variant.size).toBe(false);
    expect(prepared.counts.at(-1)?.type).toBe("failed");
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
});

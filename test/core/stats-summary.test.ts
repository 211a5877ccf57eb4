import { describe, expect, it } from "vitest";
import { statisticsCsv } from "../../src/core/csv.ts";
import type { TaskStatistics } from "../../src/core/domain.ts";
import {
  escapeMrkdwn,
  formatBytes,
  formatCount,
  formatPercent,
  formatRate,
} from "../../src/core/format.ts";
import { successRate, summarize } from "../../src/core/stats-summary.ts";

const T0 = Date.UTC(2026, 10, 22, 0, 0);
const M5 = 300_000;

const stats: TaskStatistics = {
  taskId: "t",
  granularity: "FIVE_MINUTES",
  start: T0,
  end: T0 + 60 * 60_000,
  series: {
    REQUEST: [
      { t: T0, v: 100 },
      { t: T0 + M5, v: 50 },
      { t: T0 + 2 * M5, v: 10 },
    ],
    SUCCESS: [
      { t: T0, v: 90 },
      { t: T0 + M5, v: 20 },
      { t: T0 + 2 * M5, v: 10 },
    ],
    FAILURE: [
      { t: T0, v: 2 },
      { t: T0 + M5, v: 28 },
      { t: T0 + 2 * M5, v: 0 },
    ],
    SKIP: [{ t: T0, v: 8 }],
    SIZE: [
      { t: T0, v: 300 * 1024 * 1024 },
      { t: T0 + M5, v: 600 * 1024 * 1024 },
    ],
  },
};

describe("summarize", () => {
  const s = summarize(stats);

  it("adds up each type", () => {
    expect([s.requested, s.succeeded, s.failed, s.skipped, s.bytes]).toEqual([
      160,
      120,
      30,
      8,
      900 * 1024 * 1024,
    ]);
    expect(s.points).toBe(3);
  });

  it("success rate leaves skipped objects out", () => {
    expect(s.successRate).toBeCloseTo(120 / 150, 10);
  });

  it("average throughput is over the whole range, peak over its interval", () => {
    expect(s.avgThroughput).toBeCloseTo((900 * 1024 * 1024) / 3600, 6);
    expect(s.peakThroughput).toEqual({ bytesPerSecond: (600 * 1024 * 1024) / 300, t: T0 + M5 });
  });

  it("the worst failure interval is the largest count, with its interval length", () => {
    expect(s.worstFailures).toEqual({ count: 28, t: T0 + M5, intervalMs: M5 });
  });

  it("hourly answers make hour-long intervals", () => {
    const hourly = summarize({ ...stats, granularity: "ONE_HOUR" });
    expect(hourly.worstFailures?.intervalMs).toBe(3_600_000);
    expect(hourly.peakThroughput?.bytesPerSecond).toBeCloseTo((600 * 1024 * 1024) / 3600, 6);
  });

  it("types not asked for stay undefined; nothing finished has no rate", () => {
    const only = summarize({ ...stats, series: { REQUEST: [{ t: T0, v: 5 }] } });
    expect(only.failed).toBeUndefined();
    expect(only.successRate).toBeUndefined();
    expect(only.worstFailures).toBeUndefined();
    expect(successRate(0, 0)).toBeUndefined();
    expect(successRate(3, 1)).toBe(0.75);
  });
});

describe("statisticsCsv", () => {
  it("one row per interval, a column per type, zeros where a type had no point", () => {
    const csv = statisticsCsv(stats, (ms) => `L${(ms - T0) / M5}`);
    expect(csv.split("\r\n")).toEqual([
      "time_utc,time_local,request,success,failure,skip,size",
      `2026-11-22T00:00:00.000Z,L0,100,90,2,8,${300 * 1024 * 1024}`,
      `2026-11-22T00:05:00.000Z,L1,50,20,28,0,${600 * 1024 * 1024}`,
      "2026-11-22T00:10:00.000Z,L2,10,10,0,0,0",
      "",
    ]);
  });
});

describe("format", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1536, "1.50 KiB"],
    [10 * 1024 * 1024, "10.0 MiB"],
    [150 * 1024 ** 3, "150 GiB"],
    [2.5 * 1024 ** 4, "2.50 TiB"],
  ])("formatBytes(%d) = %s", (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it("rates, counts and percentages", () => {
    expect(formatRate(2048)).toBe("2.00 KiB/s");
    expect(formatCount(1234567.4)).toBe("1,234,567");
    expect(formatPercent(0.98765)).toBe("98.8%");
    expect(formatPercent(0.99999)).toBe("99.9%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0.0123)).toBe("1.23%");
    expect(formatPercent(undefined)).toBe("n/a");
    expect(formatBytes(-1)).toBe("–");
  });

  it("escapes exactly what Slack asks", () => {
    expect(escapeMrkdwn("a & <!channel> > b")).toBe("a &amp; &lt;!channel&gt; &gt; b");
  });
});

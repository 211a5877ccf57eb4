import { afterEach, describe, expect, it } from "vitest";
import { chooseStep, timeTicks, wallToInstants } from "../../src/render/time-axis.ts";

const H = 3_600_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 16);
const originalTz = process.env.TZ;

afterEach(() => {
  process.env.TZ = originalTz;
});

describe("wall-clock instants (offsets come from core/zoned-time)", () => {
  it("finds two instants in a fall-back hour and none in a spring-forward gap", () => {
    // 2026-11-01 01:30 happens twice in New York; 2026-03-08 02:30 never happens.
    const fallBack = wallToInstants("America/New_York", Date.UTC(2026, 10, 1, 1, 30));
    expect(fallBack.map(iso)).toEqual(["2026-11-01T05:30", "2026-11-01T06:30"]);
    expect(wallToInstants("America/New_York", Date.UTC(2026, 2, 8, 2, 30))).toEqual([]);
  });

  it("refuses an unknown zone rather than labelling in the wrong one", () => {
    expect(() => timeTicks("Mars/Olympus", 0, 6 * H)).toThrow(RangeError);
  });
});

describe("time-axis ticks in the user's zone", () => {
  it("labels the repeated hour twice across the New York fall-back", () => {
    // 00:00 EDT (04:00Z) to 04:00 EST (09:00Z): 5 real hours, 1 h ticks.
    const ticks = timeTicks("America/New_York", Date.UTC(2026, 10, 1, 4), Date.UTC(2026, 10, 1, 9));
    expect(ticks.map((k) => [iso(k.t), k.label])).toEqual([
      ["2026-11-01T04:00", "Nov 1"],
      ["2026-11-01T05:00", "01:00"],
      ["2026-11-01T06:00", "01:00"],
      ["2026-11-01T07:00", "02:00"],
      ["2026-11-01T08:00", "03:00"],
      ["2026-11-01T09:00", "04:00"],
    ]);
  });

  it("skips the missing hour across the New York spring-forward", () => {
    // 4 h with at most 6 ticks → 1 h steps.
    const ticks = timeTicks(
      "America/New_York",
      Date.UTC(2026, 2, 8, 5),
      Date.UTC(2026, 2, 8, 9),
      6,
    );
    expect(ticks.map((k) => [iso(k.t), k.label])).toEqual([
      ["2026-03-08T05:00", "Mar 8"],
      ["2026-03-08T06:00", "01:00"],
      ["2026-03-08T07:00", "03:00"],
      ["2026-03-08T08:00", "04:00"],
      ["2026-03-08T09:00", "05:00"],
    ]);
  });

  it("is independent of the process timezone", () => {
    const range = [Date.UTC(2026, 10, 21, 6), Date.UTC(2026, 10, 22, 6)] as const;
    process.env.TZ = "America/Los_Angeles";
    const inLa = timeTicks("Asia/Shanghai", ...range);
    process.env.TZ = "Asia/Tokyo";
    const inTokyo = timeTicks("Asia/Shanghai", ...range);
    expect(inLa).toEqual(inTokyo);
    // 24 h → 3 h steps on Shanghai wall time: 15:00 local is 07:00Z; midnight shows the date.
    expect(inLa[0]).toEqual({ t: Date.UTC(2026, 10, 21, 7), label: "15:00" });
    expect(inLa.find((k) => k.label === "Nov 22")?.t).toBe(Date.UTC(2026, 10, 21, 16));
  });

  it("puts hour ticks on local hours in a half-hour zone", () => {
    const ticks = timeTicks("Asia/Kolkata", Date.UTC(2026, 0, 1, 0), Date.UTC(2026, 0, 1, 6));
    expect(ticks.every((k) => new Date(k.t).getUTCMinutes() === 30)).toBe(true);
    expect(ticks[0]?.label).toBe("06:00");
  });

  it("keeps the tick count readable from 1 hour to 4 weeks", () => {
    for (const span of [H, 6 * H, 24 * H, 7 * 24 * H, 28 * 24 * H]) {
      const n = timeTicks("Europe/Berlin", Date.UTC(2026, 9, 20), Date.UTC(2026, 9, 20) + span);
      expect(n.length).toBeGreaterThanOrEqual(3);
      expect(n.length).toBeLessThanOrEqual(9);
    }
    expect(chooseStep(24 * H)).toBe(3 * H);
  });
});

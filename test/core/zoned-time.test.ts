import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalTimeZone,
  formatWallClock,
  formatZoned,
  instantsOf,
  isValidTimeZone,
  localTimeKind,
  startOfZonedDay,
  startOfZonedDayOffset,
  zonedParts,
  zonedToUtc,
  zoneOffsetMs,
} from "../../src/core/zoned-time.ts";

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const local = (year: number, month: number, day: number, hour: number, minute: number) => ({
  year,
  month,
  day,
  hour,
  minute,
});

describe("zonedParts / zoneOffsetMs", () => {
  it("reads the wall clock in several zones", () => {
    const t = Date.UTC(2026, 10, 22, 6, 5, 7);
    expect(zonedParts(t, "Asia/Shanghai")).toEqual({
      year: 2026,
      month: 11,
      day: 22,
      hour: 14,
      minute: 5,
      second: 7,
    });
    expect(zonedParts(t, "Europe/Berlin").hour).toBe(7);
    expect(zonedParts(t, "America/New_York")).toMatchObject({ day: 22, hour: 1 });
    expect(zonedParts(Date.UTC(2026, 0, 1, 0, 0), "UTC")).toMatchObject({ hour: 0, day: 1 });
  });

  it("gives offsets, including Lord Howe's half hour of DST", () => {
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15), "Europe/Berlin")).toBe(H);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15), "Europe/Berlin")).toBe(2 * H);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15), "Australia/Lord_Howe")).toBe(10.5 * H);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15), "Australia/Lord_Howe")).toBe(11 * H);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15), "America/New_York")).toBe(-5 * H);
  });
});

describe("zonedToUtc", () => {
  it.each([
    ["Europe/Berlin", local(2026, 11, 22, 14, 5), "2026-11-22T13:05:00.000Z", "normal"],
    ["Asia/Shanghai", local(2026, 11, 22, 14, 5), "2026-11-22T06:05:00.000Z", "normal"],
    // spring forward: 02:00 → 03:00, 02:30 does not exist → 03:30 CEST
    ["Europe/Berlin", local(2026, 3, 29, 2, 30), "2026-03-29T01:30:00.000Z", "gap"],
    // fall back: 02:30 happens at +02:00 and again at +01:00 → the first
    ["Europe/Berlin", local(2026, 10, 25, 2, 30), "2026-10-25T00:30:00.000Z", "overlap"],
    ["America/New_York", local(2026, 3, 8, 2, 30), "2026-03-08T07:30:00.000Z", "gap"],
    ["America/New_York", local(2026, 11, 1, 1, 30), "2026-11-01T05:30:00.000Z", "overlap"],
    // Lord Howe moves 30 minutes: 02:00 → 02:30 in October, 02:00 → 01:30 in April
    ["Australia/Lord_Howe", local(2026, 10, 4, 2, 15), "2026-10-03T15:45:00.000Z", "gap"],
    ["Australia/Lord_Howe", local(2026, 4, 5, 1, 45), "2026-04-04T14:45:00.000Z", "overlap"],
    ["Australia/Lord_Howe", local(2026, 4, 5, 2, 0), "2026-04-04T15:30:00.000Z", "normal"],
  ])("%s %j → %s (%s)", (tz, l, expected, kind) => {
    expect(iso(zonedToUtc(l, tz))).toBe(expected);
    expect(localTimeKind(l, tz)).toBe(kind);
  });

  it("round-trips every instant's wall clock (property)", () => {
    const zones = [
      "Europe/Berlin",
      "America/New_York",
      "Asia/Shanghai",
      "Australia/Lord_Howe",
      "America/Santiago",
      "Asia/Kolkata",
      "Pacific/Chatham",
      "UTC",
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, tz) => {
          const p = zonedParts(ms, tz);
          const back = zonedToUtc(p, tz);
          const minute = ms - (ms % 60_000);
          // The same wall clock; the same instant unless it is the second pass of an overlap.
          expect(zonedParts(back, tz)).toMatchObject({ ...p, second: 0 });
          expect(back).toBeLessThanOrEqual(minute);
          expect(minute - back).toBeLessThanOrEqual(2 * H);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("startOfZonedDay", () => {
  it("is local midnight", () => {
    const t = Date.UTC(2026, 10, 22, 13, 5);
    expect(iso(startOfZonedDay(t, "Europe/Berlin"))).toBe("2026-11-21T23:00:00.000Z");
    expect(iso(startOfZonedDay(t, "Asia/Shanghai"))).toBe("2026-11-21T16:00:00.000Z");
    expect(iso(startOfZonedDay(t, "America/New_York"))).toBe("2026-11-22T05:00:00.000Z");
  });

  it("is 01:00 where midnight is skipped (Santiago, 2026-09-06)", () => {
    const start = startOfZonedDay(Date.UTC(2026, 8, 6, 15), "America/Santiago");
    expect(formatZoned(start, "America/Santiago", "iso")).toBe("2026-09-06T01:00:00-03:00");
  });

  it("steps whole local days across DST", () => {
    const t = Date.UTC(2026, 2, 30, 10); // Monday after Berlin's spring forward
    const today = startOfZonedDay(t, "Europe/Berlin");
    expect(today - startOfZonedDayOffset(t, -1, "Europe/Berlin")).toBe(23 * H);
    expect(startOfZonedDayOffset(t, 0, "Europe/Berlin")).toBe(today);
    expect(startOfZonedDayOffset(t, 1, "Europe/Berlin") - today).toBe(24 * H);
  });
});

describe("formatZoned", () => {
  const t = Date.UTC(2026, 10, 22, 6, 5, 9);
  it.each([
    ["datetime", "2026-11-22 14:05"],
    ["date", "2026-11-22"],
    ["time", "14:05"],
    ["iso", "2026-11-22T14:05:09+08:00"],
  ] as const)("%s", (style, expected) => {
    expect(formatZoned(t, "Asia/Shanghai", style)).toBe(expected);
  });

  it("shows negative and half-hour offsets", () => {
    expect(formatZoned(t, "America/New_York", "iso")).toBe("2026-11-22T01:05:09-05:00");
    expect(formatZoned(t, "Asia/Kolkata", "iso")).toBe("2026-11-22T11:35:09+05:30");
  });

  it("defaults to datetime", () => {
    expect(formatZoned(t, "UTC")).toBe("2026-11-22 06:05");
  });
});

describe("isValidTimeZone / canonicalTimeZone", () => {
  it.each(["Europe/Berlin", "UTC", "America/New_York", "Australia/Lord_Howe", "Etc/GMT+3"])(
    "accepts %s",
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(true);
    },
  );

  it.each(["", "Europe/Berln", "Mars/Olympus", "+05:30", "x".repeat(100), "Europe/Berlin\u0000"])(
    "refuses %j",
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(false);
    },
  );

  it("canonicalizes the spelling", () => {
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("utc")).toBe("UTC");
  });
});

describe("instantsOf (shared with render's time axis)", () => {
  it.each([
    ["Europe/Berlin", local(2026, 3, 29, 2, 30), []],
    ["Europe/Berlin", local(2026, 10, 25, 2, 30), ["2026-10-25T00:30", "2026-10-25T01:30"]],
    ["Europe/Berlin", local(2026, 6, 1, 12, 0), ["2026-06-01T10:00"]],
    ["Australia/Lord_Howe", local(2026, 4, 5, 1, 45), ["2026-04-04T14:45", "2026-04-04T15:15"]],
    ["America/Santiago", local(2026, 9, 6, 0, 0), []],
  ] as const)("%s %j", (tz, wall, expected) => {
    expect(instantsOf(wall, tz).map((t) => iso(t).slice(0, 16))).toEqual(expected);
  });

  it("holds zonedToUtc's answer whenever the time exists", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"),
        (ms, tz) => {
          const p = zonedParts(ms, tz);
          const wall = local(p.year, p.month, p.day, p.hour, p.minute);
          const all = instantsOf(wall, tz);
          expect(all.length).toBeGreaterThanOrEqual(1);
          expect(all).toContain(zonedToUtc(wall, tz));
          expect([...all].sort((a, b) => a - b)).toEqual(all);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("formatWallClock", () => {
  it("writes a time as the command language reads it", () => {
    expect(formatWallClock({ year: 2026, month: 3, day: 9, hour: 7, minute: 5 })).toBe(
      "2026-03-09 07:05",
    );
    expect(formatWallClock({ hour: 21, minute: 0 })).toBe("21:00");
  });
});

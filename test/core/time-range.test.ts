import { describe, expect, it } from "vitest";
import type { RangeSpec } from "../../src/core/command.ts";
import { parseCommand } from "../../src/core/parse-command.ts";
import { describeRange, resolveRange } from "../../src/core/time-range.ts";
import { zonedToUtc } from "../../src/core/zoned-time.ts";
import { OmsbotError } from "../../src/errors.ts";
import { hasWorkingExample } from "./message-checks.ts";

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const iso = (ms: number) => new Date(ms).toISOString();

/** The range part of `stats x <text>`, as the parser reads it. */
function spec(text: string): RangeSpec {
  const cmd = parseCommand(`stats x ${text}`);
  if (cmd.name !== "stats") throw new Error("not stats");
  return cmd.range;
}

/** An instant given as a wall clock in a zone. */
function at(tz: string, y: number, mo: number, d: number, h: number, mi = 0): number {
  return zonedToUtc({ year: y, month: mo, day: d, hour: h, minute: mi }, tz);
}

function refusal(fn: () => unknown): OmsbotError {
  try {
    fn();
  } catch (e) {
    if (e instanceof OmsbotError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("resolveRange: last", () => {
  const now = Date.UTC(2026, 10, 22, 6, 5);
  it.each([
    ["last 30m", 30 * MIN],
    ["last 6h", 6 * H],
    ["last 2d", 2 * D],
    ["last 1w", 7 * D],
    ["last 90d", 90 * D],
    ["last 5m", 5 * MIN],
  ])("%s", (text, span) => {
    expect(resolveRange(spec(text), now, "Europe/Berlin")).toEqual({
      start: now - span,
      end: now,
      notes: [],
    });
  });

  it("counts elapsed time, not wall-clock time, across a DST change", () => {
    const now = at("Europe/Berlin", 2026, 3, 29, 4); // 04:00 CEST, an hour after the jump
    const r = resolveRange(spec("last 6h"), now, "Europe/Berlin");
    expect(r.end - r.start).toBe(6 * H);
  });

  it("refuses a hand-made spec under 5 minutes, saying why", () => {
    const e = refusal(() => resolveRange({ kind: "last", amount: 2, unit: "m" }, now, "UTC"));
    expect(e.code).toBe("BAD_RANGE");
    expect(e.userMessage).toContain("5-minute intervals");
    expect(e.userMessage).toContain("`stats nightly-backup last 30m`");
    expect(hasWorkingExample(e.userMessage)).toBe(true);
  });

  it("refuses a hand-made spec over 90 days", () => {
    const e = refusal(() => resolveRange({ kind: "last", amount: 91, unit: "d" }, now, "UTC"));
    expect(e.code).toBe("BAD_RANGE");
    expect(e.userMessage).toContain("90 days");
  });
});

describe("resolveRange: today and yesterday", () => {
  it("today is local midnight to now", () => {
    const now = at("Asia/Shanghai", 2026, 11, 22, 14, 5);
    const r = resolveRange({ kind: "today" }, now, "Asia/Shanghai");
    expect(iso(r.start)).toBe("2026-11-21T16:00:00.000Z");
    expect(r.end).toBe(now);
  });

  it("today on the spring-forward day is an hour shorter than the clock says", () => {
    const now = at("Europe/Berlin", 2026, 3, 29, 12);
    const r = resolveRange({ kind: "today" }, now, "Europe/Berlin");
    expect(r.end - r.start).toBe(11 * H);
  });

  it("refuses today at the very first instant of the day", () => {
    const now = at("UTC", 2026, 11, 22, 0);
    const e = refusal(() => resolveRange({ kind: "today" }, now, "UTC"));
    expect(e.code).toBe("BAD_RANGE");
    expect(e.userMessage).toContain("`stats nightly-backup yesterday`");
    expect(hasWorkingExample(e.userMessage)).toBe(true);
  });

  it("refuses today in its first 5 minutes, and allows it after", () => {
    const e = refusal(() => resolveRange({ kind: "today" }, at("UTC", 2026, 11, 22, 0, 4), "UTC"));
    expect(e.userMessage).toContain("5-minute intervals");
    const r = resolveRange({ kind: "today" }, at("UTC", 2026, 11, 22, 0, 5), "UTC");
    expect(r.end - r.start).toBe(5 * MIN);
  });

  // [zone, the day after a DST change (y, m, d), hours in yesterday]
  it.each([
    ["Europe/Berlin", [2026, 3, 30], 23],
    ["Europe/Berlin", [2026, 10, 26], 25],
    ["Europe/Berlin", [2026, 6, 15], 24],
    ["America/New_York", [2026, 3, 9], 23],
    ["America/New_York", [2026, 11, 2], 25],
    ["Australia/Lord_Howe", [2026, 10, 5], 23.5],
    ["Australia/Lord_Howe", [2026, 4, 6], 24.5],
    ["Asia/Shanghai", [2026, 3, 30], 24],
    ["Asia/Shanghai", [2026, 10, 26], 24],
  ] as const)("yesterday in %s on %j lasts %s hours", (tz, [y, m, d], hours) => {
    const now = at(tz, y, m, d, 10, 30);
    const r = resolveRange({ kind: "yesterday" }, now, tz);
    expect(r.end - r.start).toBe(hours * H);
    expect(r.end).toBe(at(tz, y, m, d, 0));
    expect(r.notes).toEqual([]);
  });
});

describe("resolveRange: since", () => {
  const tz = "Europe/Berlin";
  const now = at(tz, 2026, 11, 22, 14, 5);

  it("since 09:00 is today at 09:00", () => {
    const r = resolveRange(spec("since 09:00"), now, tz);
    expect(r.start).toBe(at(tz, 2026, 11, 22, 9));
    expect(r.end).toBe(now);
  });

  it("since a date and time", () => {
    const r = resolveRange(spec("since 2026-11-20 08:00"), now, "America/New_York");
    expect(iso(r.start)).toBe("2026-11-20T13:00:00.000Z");
  });

  it("refuses a time still ahead today, suggesting yesterday's date", () => {
    const e = refusal(() => resolveRange(spec("since 18:00"), now, tz));
    expect(e.code).toBe("BAD_RANGE");
    expect(e.userMessage).toContain("`since 18:00`");
    expect(e.userMessage).toContain("future");
    expect(e.userMessage).toContain("`stats nightly-backup since 2026-11-21 18:00`");
    expect(hasWorkingExample(e.userMessage)).toBe(true);
  });

  it("starts its examples with the caller's command", () => {
    const e = refusal(() => resolveRange(spec("since 18:00"), now, tz, { command: "stats db-dr" }));
    expect(e.userMessage).toContain("`stats db-dr since 2026-11-21 18:00`");
  });

  it("refuses since less than 5 minutes ago, saying why", () => {
    const e = refusal(() => resolveRange(spec("since 14:02"), now, tz));
    expect(e.code).toBe("BAD_RANGE");
    expect(e.userMessage).toContain("`since 14:02` lasts only 3m");
    expect(e.userMessage).toContain("5-minute intervals");
    expect(resolveRange(spec("since 14:00"), now, tz).start).toBe(at(tz, 2026, 11, 22, 14));
  });

  it("refuses since now exactly", () => {
    const e = refusal(() => resolveRange(spec("since 14:05"), now, tz));
    expect(e.code).toBe("BAD_RANGE");
  });

  it("reads a time in the spring-forward gap as after the gap, and says so", () => {
    const now = at(tz, 2026, 3, 29, 12);
    const r = resolveRange(spec("since 02:30"), now, tz);
    expect(iso(r.start)).toBe("2026-03-29T01:30:00.000Z"); // 03:30 CEST
    expect(r.notes.join(" ")).toContain("does not exist");
  });

  it("reads a time in the fall-back overlap as the first one, and says so", () => {
    const now = at(tz, 2026, 10, 25, 12);
    const r = resolveRange(spec("since 02:30"), now, tz);
    expect(iso(r.start)).toBe("2026-10-25T00:30:00.000Z"); // 02:30 CEST, not CET
    expect(r.end - r.start).toBe(10.5 * H); // to 12:00 CET
    expect(r.notes.join(" ")).toContain("twice");
  });

  it("refuses since more than 90 days ago", () => {
    const e = refusal(() => resolveRange(spec("since 2026-01-01 00:00"), now, tz));
    expect(e.code).toBe("BAD_RANGE");
    expect(e.userMessage).toContain("90 days");
  });
});

describe("resolveRange: from … to …", () => {
  const tz = "Europe/Berlin";
  const now = at(tz, 2026, 11, 22, 14, 5);

  it("reads both ends in the zone", () => {
    const r = resolveRange(spec("from 2026-11-20 08:00 to 2026-11-20 18:00"), now, tz);
    expect(iso(r.start)).toBe("2026-11-20T07:00:00.000Z");
    expect(iso(r.end)).toBe("2026-11-20T17:00:00.000Z");
    expect(r.notes).toEqual([]);
  });

  it("takes the end's date from the start when only a time is given", () => {
    const r = resolveRange(spec("from 2026-11-20 08:00 to 18:00"), now, tz);
    expect(iso(r.end)).toBe("2026-11-20T17:00:00.000Z");
  });

  it("reads times without dates as today", () => {
    const r = resolveRange(spec("from 08:00 to 12:00"), now, tz);
    expect(r.start).toBe(at(tz, 2026, 11, 22, 8));
    expect(r.end).toBe(at(tz, 2026, 11, 22, 12));
  });

  it("spans a fall-back night as 25 hours", () => {
    const r = resolveRange(spec("from 2026-10-25 00:00 to 2026-10-26 00:00"), now, tz);
    expect(r.end - r.start).toBe(25 * H);
  });

  it("cuts an end in the future to now, with a note", () => {
    const r = resolveRange(spec("from 2026-11-22 08:00 to 2026-11-22 18:00"), now, tz);
    expect(r.end).toBe(now);
    expect(r.notes.join(" ")).toContain("2026-11-22 18:00");
  });

  it.each([
    ["from 2026-11-20 18:00 to 2026-11-20 08:00", "ends before it starts"],
    ["from 2026-11-20 08:00 to 2026-11-20 08:00", "ends before it starts"],
    ["from 2026-11-23 08:00 to 2026-11-24 08:00", "future"],
    ["from 2026-01-01 00:00 to 2026-11-01 00:00", "90 days"],
    ["from 2026-05-01 00:00 to 2026-05-02 00:00", "only the last 90 days"],
    ["from 2026-11-22 14:00 to 2026-11-22 14:03", "5-minute intervals"],
    ["from 2026-11-22 14:03 to 2026-11-22 18:00", "5-minute intervals"],
  ])("refuses %s (%s)", (text, reason) => {
    const e = refusal(() => resolveRange(spec(text), now, tz));
    expect(e.code).toBe("BAD_RANGE");
    expect(e.userMessage).toContain(reason);
    expect(e.userMessage).toContain(`\`${text}\``);
    expect(hasWorkingExample(e.userMessage, `stats x ${text}`)).toBe(true);
  });

  it("explains a date alone meaning 00:00, with the whole day as the fix", () => {
    const e = refusal(() => resolveRange(spec("from 2026-11-22 to 2026-11-22"), now, tz));
    expect(e.userMessage).not.toContain("ends before it starts");
    expect(e.userMessage).toContain("a date alone means 00:00");
    expect(e.userMessage).toContain(
      "`stats nightly-backup from 2026-11-22 00:00 to 2026-11-23 00:00`",
    );
    expect(e.userMessage).toContain("`stats nightly-backup today`");
    const older = refusal(() => resolveRange(spec("from 2026-11-20 to 2026-11-20"), now, tz));
    expect(older.userMessage).toContain("from 2026-11-20 00:00 to 2026-11-21 00:00");
    expect(older.userMessage).not.toContain("today");
  });

  it("explains an end past midnight, with dates as the fix", () => {
    const e = refusal(() => resolveRange(spec("from 22:00 to 02:00"), now, tz));
    expect(e.userMessage).toContain("the end 02:00 is read on the start's day");
    // At 14:05, a start of 22:00 without a date can only mean last night.
    expect(e.userMessage).toContain(
      "`stats nightly-backup from 2026-11-21 22:00 to 2026-11-22 02:00`",
    );
    const dated = refusal(() => resolveRange(spec("from 2026-11-20 22:00 to 02:00"), now, tz));
    expect(dated.userMessage).toContain("from 2026-11-20 22:00 to 2026-11-21 02:00");
    for (const m of [e.userMessage, dated.userMessage]) {
      expect(hasWorkingExample(m)).toBe(true);
    }
  });

  it("allows exactly 90 days back", () => {
    const midnight = Date.UTC(2026, 10, 22);
    const r = resolveRange(spec("from 2026-08-24 00:00 to 2026-11-22 00:00"), midnight, "UTC");
    expect(r.end - r.start).toBe(90 * D);
  });
});

describe("describeRange", () => {
  it("titles a same-day range with one date", () => {
    const tz = "Asia/Shanghai";
    const now = at(tz, 2026, 11, 22, 14);
    const s = spec("last 6h");
    expect(describeRange(s, resolveRange(s, now, tz), tz)).toBe(
      "last 6h · 2026-11-22 08:00–14:00 Asia/Shanghai",
    );
  });

  it("repeats the date when the range crosses midnight", () => {
    const tz = "Europe/Berlin";
    const now = at(tz, 2026, 11, 22, 14);
    const s = spec("yesterday");
    expect(describeRange(s, resolveRange(s, now, tz), tz)).toBe(
      "yesterday · 2026-11-21 00:00 – 2026-11-22 00:00 Europe/Berlin",
    );
  });

  it("shows from … to … without repeating it", () => {
    const tz = "UTC";
    const now = at(tz, 2026, 11, 22, 14);
    const s = spec("from 2026-11-20 08:00 to 2026-11-20 18:00");
    expect(describeRange(s, resolveRange(s, now, tz), tz)).toBe("2026-11-20 08:00–18:00 UTC");
  });

  it("names since with its time", () => {
    const tz = "UTC";
    const now = at(tz, 2026, 11, 22, 14, 5);
    const s = spec("since 9am");
    expect(describeRange(s, resolveRange(s, now, tz), tz)).toBe(
      "since 09:00 · 2026-11-22 09:00–14:05 UTC",
    );
  });
});

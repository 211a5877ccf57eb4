import { describe, expect, it } from "vitest";
import type { DigestSpec } from "../../src/core/alert-model.ts";
import {
  DIGEST_GRACE_MS,
  digestClaimKey,
  digestSlot,
  digestStatsRange,
} from "../../src/core/digest-schedule.ts";
import { zonedParts } from "../../src/core/zoned-time.ts";

const M = 60_000;
const H = 60 * M;
const utc = (iso: string) => Date.parse(iso);

function spec(
  tz: string,
  hour: number,
  minute: number,
  over: Partial<DigestSpec> = {},
): DigestSpec {
  return {
    id: "d1",
    channelId: "C1",
    hour,
    minute,
    tz,
    tasks: { all: true },
    createdBy: "U1",
    createdAt: utc("2026-01-01T00:00:00Z"),
    ...over,
  };
}

describe("digestSlot: when today's digest is due", () => {
  it.each([
    // zone, HH:MM, local day, the instant it is due
    ["Europe/Berlin", "09:00", "2026-03-28", "2026-03-28T08:00:00Z"], // CET
    ["Europe/Berlin", "09:00", "2026-03-29", "2026-03-29T07:00:00Z"], // spring forward: CEST
    ["Europe/Berlin", "09:00", "2026-10-25", "2026-10-25T08:00:00Z"], // fall back: CET again
    ["America/New_York", "09:00", "2026-03-08", "2026-03-08T13:00:00Z"], // EDT from 02:00
    ["America/New_York", "09:00", "2026-11-01", "2026-11-01T14:00:00Z"], // EST from 02:00
    // In the gap: the first instant after it (03:00 local), not 03:30.
    ["Europe/Berlin", "02:30", "2026-03-29", "2026-03-29T01:00:00Z"],
    ["America/New_York", "02:30", "2026-03-08", "2026-03-08T07:00:00Z"],
    // Twice in the overlap: the first reading.
    ["Europe/Berlin", "02:30", "2026-10-25", "2026-10-25T00:30:00Z"],
    ["America/New_York", "01:30", "2026-11-01", "2026-11-01T05:30:00Z"],
  ])("%s %s on %s → %s", (tz, hhmm, day, dueIso) => {
    const [h, m] = hhmm.split(":").map(Number) as [number, number];
    const due = utc(dueIso);
    const before = digestSlot(spec(tz, h, m), due - M);
    expect(before).toMatchObject({ dateKey: day, scheduledAt: due, due: false, nextAt: due });
    const at = digestSlot(spec(tz, h, m), due);
    expect(at).toMatchObject({ dateKey: day, scheduledAt: due, due: true, late: false });
  });

  it("is late after the grace period, and says so", () => {
    const s = spec("Europe/Berlin", 9, 0);
    const due = utc("2026-11-30T08:00:00Z");
    expect(digestSlot(s, due + DIGEST_GRACE_MS).late).toBe(false);
    expect(digestSlot(s, due + DIGEST_GRACE_MS + M)).toMatchObject({ due: true, late: true });
    // Until the local day is over: 23:59 Berlin is still that day's digest, 00:00 is not.
    expect(digestSlot(s, utc("2026-11-30T22:59:00Z"))).toMatchObject({
      dateKey: "2026-11-30",
      due: true,
    });
    expect(digestSlot(s, utc("2026-11-30T23:00:00Z"))).toMatchObject({
      dateKey: "2026-12-01",
      due: false,
    });
  });

  it("not again once posted that day; the next one is tomorrow", () => {
    const s = spec("Europe/Berlin", 9, 0);
    const now = utc("2026-11-30T10:00:00Z");
    expect(digestSlot(s, now, "2026-11-30")).toMatchObject({
      due: false,
      nextAt: utc("2026-12-01T08:00:00Z"),
    });
    expect(digestClaimKey(s.id, "2026-11-30")).toBe("digest:d1:2026-11-30");
  });

  it("a digest added after today's time starts tomorrow instead of posting late at once", () => {
    const s = spec("Europe/Berlin", 9, 0, { createdAt: utc("2026-11-30T09:30:00Z") });
    expect(digestSlot(s, utc("2026-11-30T09:31:00Z")).due).toBe(false);
    expect(digestSlot(s, utc("2026-12-01T08:00:00Z")).due).toBe(true);
  });

  it("the next one across a DST change is at the same local time", () => {
    const s = spec("America/New_York", 9, 0);
    const after = digestSlot(s, utc("2026-03-07T15:00:00Z"));
    expect(after.nextAt).toBe(utc("2026-03-08T13:00:00Z"));
  });

  /** A scheduler ticking for days, claiming by date key as the store would. */
  it.each([
    ["Europe/Berlin", 9, 0, "2026-03-27T00:00:00Z"],
    ["Europe/Berlin", 2, 30, "2026-03-27T00:00:00Z"],
    ["Europe/Berlin", 2, 30, "2026-10-23T00:00:00Z"],
    ["America/New_York", 9, 0, "2026-10-30T00:00:00Z"],
    ["America/New_York", 2, 30, "2026-03-06T00:00:00Z"],
    ["America/New_York", 1, 30, "2026-10-30T00:00:00Z"],
    ["America/New_York", 0, 0, "2026-03-06T00:00:00Z"],
  ])("%s %d:%d from %s: one post per local day, at its time", (tz, h, m, fromIso) => {
    const from = utc(fromIso);
    const s = spec(tz, h, m, { createdAt: from });
    const posts: Array<[string, number]> = [];
    let lastPosted: string | undefined;
    // Five-minute ticks, like ALERT_POLL_CRON; every HH:MM here is on one.
    for (let now = from; now < from + 4 * 24 * H; now += 5 * M) {
      const slot = digestSlot(s, now, lastPosted);
      if (!slot.due) continue;
      expect(now).toBe(slot.scheduledAt);
      posts.push([slot.dateKey, now]);
      lastPosted = slot.dateKey;
    }
    expect(posts).toHaveLength(4);
    expect(new Set(posts.map(([day]) => day)).size).toBe(4);
    for (const [day, at] of posts) {
      const p = zonedParts(at, tz);
      const key = `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
      expect(key).toBe(day);
      // At the time, or within the hour after it on a gap day; never before it.
      const wallMin = p.hour * 60 + p.minute;
      expect(wallMin).toBeGreaterThanOrEqual(h * 60 + m);
      expect(wallMin - (h * 60 + m)).toBeLessThanOrEqual(60);
      expect(digestSlot(s, at).late).toBe(false);
    }
  });
});

describe("digestStatsRange", () => {
  it("the last 48 h to the last whole five minutes", () => {
    const now = utc("2026-11-30T08:03:20Z");
    expect(digestStatsRange(now)).toEqual({
      start: utc("2026-11-28T08:00:00Z"),
      end: utc("2026-11-30T08:00:00Z"),
    });
  });
});

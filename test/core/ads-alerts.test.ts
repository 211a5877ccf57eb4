import { describe, expect, it } from "vitest";
import { evaluateAdsFailed, evaluateAdsStalled } from "../../src/core/ads-alerts.ts";
import type { AdsProgressSample, AdsTask } from "../../src/core/ads-domain.ts";

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const task = (over: Partial<AdsTask> = {}): AdsTask => ({
  id: "ads-1",
  name: "one",
  type: "AOSSTOFS",
  state: "DOING",
  sources: [],
  destination: null,
  thirdParty: null,
  size: null,
  sizeUnit: null,
  started: NOW - 60 * MIN,
  ended: null,
  created: null,
  percent: 10,
  rate: null,
  timeCost: null,
  errMsg: null,
  totalNum: 100,
  completeNum: 10,
  existNum: 0,
  ...over,
});
const s = (minutesAgo: number, complete: number): AdsProgressSample => ({
  t: NOW - minutesAgo * MIN,
  percent: complete,
  complete,
  total: 100,
});

describe("evaluateAdsFailed", () => {
  it("fires for FAILED with the task's err_msg, since its end", () => {
    const v = evaluateAdsFailed(task({ state: "FAILED", errMsg: "disk full", ended: NOW - MIN }));
    expect(v).toEqual({ firing: true, since: NOW - MIN, reason: "disk full" });
  });
  it("does not fire otherwise", () => {
    for (const state of ["DOING", "COMPLETED", "CANCELLED", "PAUSED", "SCANNING", "ODD"]) {
      expect(evaluateAdsFailed(task({ state, errMsg: "x" })).firing).toBe(false);
    }
  });
  it("says so when ADS gave no reason", () => {
    const v = evaluateAdsFailed(task({ state: "FAILED" }));
    expect(v.firing && v.reason).toContain("no err_msg");
  });
});

describe("evaluateAdsStalled", () => {
  const flat = [s(40, 10), s(30, 10), s(20, 10), s(10, 10), s(0, 10)];

  it("fires when DOING and nothing moved for the whole duration", () => {
    const v = evaluateAdsStalled(task(), flat, 30 * MIN, NOW);
    expect(v).toEqual({
      firing: true,
      since: NOW - 40 * MIN,
      reason: "no progress since 10% (10 of 100 files)",
    });
  });

  it("does not fire when it moved within the duration", () => {
    const moved = [s(40, 5), s(30, 5), s(20, 10), s(10, 10), s(0, 10)];
    expect(evaluateAdsStalled(task(), moved, 30 * MIN, NOW).firing).toBe(false);
    // …but does once the duration is shorter than the flat stretch.
    expect(evaluateAdsStalled(task(), moved, 15 * MIN, NOW).firing).toBe(true);
  });

  it("does not fire without history covering the duration, or without a recent sample", () => {
    expect(evaluateAdsStalled(task(), [s(10, 10), s(0, 10)], 30 * MIN, NOW).firing).toBe(false);
    expect(evaluateAdsStalled(task(), [s(90, 10), s(60, 10)], 30 * MIN, NOW).firing).toBe(false);
  });

  it("only DOING tasks stall", () => {
    expect(evaluateAdsStalled(task({ state: "PAUSED" }), flat, 30 * MIN, NOW).firing).toBe(false);
  });
});

/**
 * Long statistics ranges against a simulator that reads end_time either way (api-notes: not
 * documented), and one that refuses a window over its points limit with 400 OMS.0003. The merged
 * series must equal the simulator's own five-minute series, interval by interval.
 */
import pino from "pino";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import type { OmsClient } from "../../src/clients/oms/client.ts";
import type { StatPoint } from "../../src/core/domain.ts";
import { OmsbotError } from "../../src/errors.ts";
import { omsClientFor } from "../../src/simulator/client.ts";
import { intervalCounts } from "../../src/simulator/series.ts";
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../src/simulator/server.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 3, 7);
const FIVE_MIN = 300_000;
const DAY = 86_400_000;
/** What `stats … last 7d` asks for: the start floored to its five-minute interval. */
const ALIGNED_START = Math.floor((NOW - 7 * DAY) / FIVE_MIN) * FIVE_MIN;

const dispatcher = new Agent();
afterAll(() => dispatcher.close());

function clientFor(sim: Simulator): OmsClient {
  return omsClientFor(sim, {
    auth: new StaticTokenProvider(sim.credentials.tokens[0] ?? ""),
    dispatcher,
    logger: pino({ level: "silent" }),
    now: () => NOW,
    backoff: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
  });
}

/** The simulator's own REQUEST series: every finished interval with traffic in [start, end). */
function expectedSeries(sim: Simulator, name: string, start: number, end: number): StatPoint[] {
  const task = sim.tasks.find((t) => t.name === name);
  if (!task) throw new Error(`no demo task ${name}`);
  const out: StatPoint[] = [];
  for (
    let t = Math.ceil(start / FIVE_MIN) * FIVE_MIN;
    t < end && t + FIVE_MIN <= NOW;
    t += FIVE_MIN
  ) {
    const c = intervalCounts(task, t);
    if (c) out.push({ t, v: c.REQUEST });
  }
  return out;
}

const idOf = (sim: Simulator, name: string) => sim.tasks.find((t) => t.name === name)?.id ?? "";

const READINGS: Array<[string, SimulatorOptions]> = [
  ["end_time exclusive", {}],
  ["end_time inclusive", { endInclusive: true }],
  [
    "end_time inclusive, OMS.0003 past 1000 points",
    { endInclusive: true, tooManyPoints: "reject" },
  ],
];

describe.each(READINGS)("7 days, %s", (_label, opts) => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ now: () => NOW, ...opts });
  });
  afterAll(() => sim.close());

  it.each([
    ["an aligned start (as stats asks)", ALIGNED_START],
    ["an unaligned start", NOW - 7 * DAY],
  ])("from %s: every five-minute interval once, as the simulator has it", async (_s, start) => {
    sim.resetLog();
    const stats = await clientFor(sim).getStatistics(
      idOf(sim, "nightly-backup"),
      ["REQUEST", "FAILURE"],
      start,
      NOW,
    );
    expect(stats.granularity).toBe("FIVE_MINUTES");
    const expected = expectedSeries(sim, "nightly-backup", start, NOW);
    expect(expected.length).toBeGreaterThan(1900);
    expect(stats.series.REQUEST).toEqual(expected);
    // 2016+ intervals in windows of at most 1000: three requests, none refused.
    expect(sim.requestCount({ path: "/statistics" })).toBe(3);
    expect(sim.requestCount({ path: "/statistics", status: 200 })).toBe(3);
  });

  it("exactly 1000 aligned intervals: still five-minute points, none lost at the edge", async () => {
    const end = NOW - (NOW % FIVE_MIN) - FIVE_MIN;
    const start = end - 1000 * FIVE_MIN;
    const stats = await clientFor(sim).getStatistics(
      idOf(sim, "media-sync"),
      ["REQUEST"],
      start,
      end,
    );
    expect(stats.granularity).toBe("FIVE_MINUTES");
    expect(stats.series.REQUEST).toEqual(expectedSeries(sim, "media-sync", start, end));
  });
});

describe.each([false, true])("400 OMS.0003, end_time inclusive: %s", (endInclusive) => {
  it("a window the server finds too large is asked for in halves, and nothing is lost", async () => {
    // 100 points at most: each 1000-interval window must be halved four times.
    const sim = await startSimulator({
      now: () => NOW,
      endInclusive,
      maxPoints: 100,
      tooManyPoints: "reject",
    });
    try {
      const stats = await clientFor(sim).getStatistics(
        idOf(sim, "nightly-backup"),
        ["REQUEST"],
        ALIGNED_START,
        NOW,
      );
      expect(stats.granularity).toBe("FIVE_MINUTES");
      expect(stats.series.REQUEST).toEqual(
        expectedSeries(sim, "nightly-backup", ALIGNED_START, NOW),
      );
      expect(sim.requestCount({ path: "/statistics", status: 400 })).toBeGreaterThanOrEqual(3);
    } finally {
      await sim.close();
    }
  });
});

describe("400 OMS.0003 that halving cannot cure", () => {
  it("ends in a coded error saying to try a shorter range, after a bounded number of requests", async () => {
    const sim = await startSimulator({ now: () => NOW, maxPoints: 1, tooManyPoints: "reject" });
    try {
      let error: unknown;
      try {
        await clientFor(sim).getStatistics(
          idOf(sim, "nightly-backup"),
          ["REQUEST"],
          NOW - DAY,
          NOW,
        );
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OmsbotError);
      const e = error as OmsbotError;
      expect(e.code).toBe("API_BAD_REQUEST");
      expect(e.apiCode).toBe("OMS.0003");
      expect(e.userMessage).toContain("shorter range");
      // One window, halved at most five times, depth first: six requests before giving up.
      expect(sim.requestCount({ path: "/statistics" })).toBe(6);
    } finally {
      await sim.close();
    }
  });
});

import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Scheduler } from "../../src/schedule/scheduler.ts";
import { LocalRunClaims, toRunCoordinator } from "../../src/store/run-claims.ts";

const logger = pino({ level: "silent" });

afterEach(() => {
  vi.useRealTimers();
});

describe("Scheduler", () => {
  it("runs a job on its schedule in its timezone, with the clock's time", async () => {
    vi.useFakeTimers();
    // 08:59:30 in Asia/Shanghai (UTC+8).
    vi.setSystemTime(new Date("2026-03-10T00:59:30Z"));
    const s = new Scheduler({ logger });
    const seen: number[] = [];
    s.add("digest", "0 9 * * *", async (now) => void seen.push(now), {
      timezone: "Asia/Shanghai",
    });
    s.start();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(seen).toHaveLength(1);
    expect(new Date(seen[0] ?? 0).toISOString()).toBe("2026-03-10T01:00:00.000Z");
    await s.stop(100);
  });

  it("keeps a failing job scheduled, counts and logs the failure", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-03-10T00:00:00.500Z"));
    const lines: string[] = [];
    const log = pino({ level: "error" }, { write: (l: string) => void lines.push(l) });
    const s = new Scheduler({ logger: log });
    let calls = 0;
    s.add("poll", "* * * * * *", async () => {
      calls++;
      throw new Error("OMS is down");
    });
    s.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(s.stats("poll")?.failures).toBe(calls);
    expect(lines.some((l) => l.includes("scheduled run failed"))).toBe(true);
    await s.stop(100);
  });

  it("never overlaps a run still in progress, and stop() waits for it", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-03-10T00:00:00.500Z"));
    const s = new Scheduler({ logger });
    let active = 0;
    let maxActive = 0;
    let finished = 0;
    s.add("slow", "* * * * * *", async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 2_500));
      active--;
      finished++;
    });
    s.start();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(maxActive).toBe(1);
    expect(s.stats("slow")?.skippedOverlaps).toBeGreaterThan(0);
    const stopped = s.stop(10_000);
    await vi.advanceTimersByTimeAsync(3_000);
    await stopped;
    expect(active).toBe(0);
    expect(finished).toBeGreaterThanOrEqual(2);
  });

  it("asked to run while a run is in progress, runs once more after it (never alongside)", async () => {
    const s = new Scheduler({ logger });
    const rules = ["r1"];
    const seen: string[][] = [];
    let release: () => void = () => {};
    let active = 0;
    let maxActive = 0;
    s.add("alerts", "0 0 1 1 *", async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      const read = [...rules];
      if (seen.length === 0) await new Promise<void>((r) => (release = r));
      seen.push(read);
      active--;
    });
    const first = s.runNow("alerts");
    await new Promise((r) => setTimeout(r, 10));
    // Two changes while the first run, which read only r1, is in progress.
    rules.push("r2");
    const second = s.runNow("alerts");
    rules.push("r3");
    const third = s.runNow("alerts");
    release();
    await Promise.all([first, second, third]);
    await s.idle();
    expect(seen).toEqual([["r1"], ["r1", "r2", "r3"]]);
    expect(maxActive).toBe(1);
    await s.stop(100);
  });

  it("drops a run asked for during a run in progress once stop() has begun", async () => {
    const s = new Scheduler({ logger });
    let runs = 0;
    let release: () => void = () => {};
    s.add("alerts", "0 0 1 1 *", async () => {
      runs++;
      if (runs === 1) await new Promise<void>((r) => (release = r));
    });
    void s.runNow("alerts");
    await new Promise((r) => setTimeout(r, 10));
    const again = s.runNow("alerts");
    const stopped = s.stop(1_000);
    release();
    await Promise.all([again, stopped]);
    expect(runs).toBe(1);
  });

  it("with a shared coordinator, two replicas run each slot once between them", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-03-10T00:00:00.500Z"));
    const claims = new LocalRunClaims();
    const coordinator = toRunCoordinator(claims, logger);
    const ran: string[] = [];
    const skipped: string[] = [];
    const replicas = ["A", "B"].map((who) => {
      const s = new Scheduler({ logger, coordinator, onSkipped: () => void skipped.push(who) });
      s.add("alerts", "* * * * * *", async (now) => void ran.push(`${who}@${now}`));
      s.start();
      return s;
    });
    await vi.advanceTimersByTimeAsync(5_000);
    const slots = ran.map((r) => r.split("@")[1]);
    expect(ran.length).toBeGreaterThanOrEqual(4);
    expect(new Set(slots).size).toBe(slots.length);
    expect(skipped.length).toBe(ran.length);
    for (const s of replicas) await s.stop(100);
  });
});

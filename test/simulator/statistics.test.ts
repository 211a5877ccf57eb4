import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/server.ts";
import {
  byName,
  call,
  DAY,
  FIVE_MIN,
  HOUR,
  NOW,
  type StatsBody,
  series,
  startTestSim,
  statsPath,
} from "./helpers.ts";

const ALL = "REQUEST,SUCCESS,FAILURE,SKIP,SIZE";

describe("ListSyncTaskStatistic", () => {
  let sim: Simulator;
  let nightly: string;
  beforeAll(async () => {
    sim = await startTestSim();
    nightly = byName(sim, "nightly-backup");
  });
  afterAll(() => sim.close());

  it("answers the documented shape with aligned timestamps inside [start, end)", async () => {
    const start = NOW - 6 * HOUR + 12_345;
    const r = await call(sim, statsPath(sim, nightly, ALL, start, NOW));
    expect(r.status).toBe(200);
    const body = r.json as StatsBody;
    expect(body.sync_task_id).toBe(nightly);
    expect(body.statistic_time_type).toBe("FIVE_MINUTES");
    expect(body.statistic_datas.map((d) => d.data_type)).toEqual(ALL.split(","));
    const req = series(body, "REQUEST");
    expect(req.length).toBeGreaterThan(60);
    for (const p of req) {
      expect(p.time_stamp % FIVE_MIN).toBe(0);
      expect(p.time_stamp).toBeGreaterThanOrEqual(start);
      expect(p.time_stamp).toBeLessThan(NOW);
      expect(Number.isInteger(p.statistic_num)).toBe(true);
    }
  });

  it("keeps SUCCESS+FAILURE+SKIP within REQUEST and SIZE with successes", async () => {
    const body = (
      await call(sim, statsPath(sim, byName(sim, "media-sync"), ALL, NOW - 3 * DAY, NOW))
    ).json;
    const [req, ok, fail, skip, size] = ALL.split(",").map((t) => series(body, t));
    expect(req?.length).toBeGreaterThan(0);
    req?.forEach((p, i) => {
      const sum =
        (ok?.[i]?.statistic_num ?? 0) +
        (fail?.[i]?.statistic_num ?? 0) +
        (skip?.[i]?.statistic_num ?? 0);
      expect(sum).toBeLessThanOrEqual(p.statistic_num);
      expect(size?.[i]?.statistic_num === 0).toBe(ok?.[i]?.statistic_num === 0);
    });
  });

  it("shows a failure burst right now on media-sync", async () => {
    const body = (
      await call(sim, statsPath(sim, byName(sim, "media-sync"), "REQUEST,FAILURE", NOW - HOUR, NOW))
    ).json;
    const req = series(body, "REQUEST").reduce((a, p) => a + p.statistic_num, 0);
    const fail = series(body, "FAILURE").reduce((a, p) => a + p.statistic_num, 0);
    expect(fail / req).toBeGreaterThan(0.3);
  });

  it("switches to ONE_HOUR above 1000 five-minute intervals", async () => {
    const start = NOW - 20 * DAY - (NOW % FIVE_MIN);
    const at1000 = (
      await call(sim, statsPath(sim, nightly, "REQUEST", start, start + 1000 * FIVE_MIN))
    ).json as StatsBody;
    expect(at1000.statistic_time_type).toBe("FIVE_MINUTES");
    expect(series(at1000, "REQUEST").length).toBeLessThanOrEqual(1000);
    const at1001 = (
      await call(sim, statsPath(sim, nightly, "REQUEST", start, start + 1000 * FIVE_MIN + 1))
    ).json as StatsBody;
    expect(at1001.statistic_time_type).toBe("ONE_HOUR");
    for (const p of series(at1001, "REQUEST")) expect(p.time_stamp % HOUR).toBe(0);
  });

  it("makes each hour the sum of its twelve five-minute values", async () => {
    const hourStart = NOW - 30 * HOUR - (NOW % HOUR);
    const hourly = series(
      (await call(sim, statsPath(sim, nightly, "REQUEST,SIZE", hourStart, hourStart + 5 * DAY)))
        .json,
      "SIZE",
    );
    const fine = series(
      (await call(sim, statsPath(sim, nightly, "SIZE", hourStart, hourStart + HOUR))).json,
      "SIZE",
    );
    expect(fine.length).toBe(12);
    expect(hourly[0]?.time_stamp).toBe(hourStart);
    expect(hourly[0]?.statistic_num).toBe(fine.reduce((a, p) => a + p.statistic_num, 0));
  });

  it("never answers more than 1000 points per type (oldest kept)", async () => {
    const body = (await call(sim, statsPath(sim, nightly, "REQUEST", 0, NOW + 365 * DAY)))
      .json as StatsBody;
    expect(body.statistic_time_type).toBe("ONE_HOUR");
    const req = series(body, "REQUEST");
    expect(req.length).toBe(1000);
    const created = sim.tasks.find((t) => t.id === nightly)?.createTime ?? 0;
    expect(req[0]?.time_stamp).toBeGreaterThanOrEqual(created - HOUR);
  });

  it("is deterministic: same query twice, overlapping ranges and other clocks agree", async () => {
    const a = await call(sim, statsPath(sim, nightly, ALL, NOW - 2 * DAY, NOW - DAY));
    const b = await call(sim, statsPath(sim, nightly, ALL, NOW - 2 * DAY, NOW - DAY));
    expect(a.text).toBe(b.text);
    const overlap = series(
      (await call(sim, statsPath(sim, nightly, "REQUEST", NOW - 1.5 * DAY, NOW - 0.5 * DAY))).json,
      "REQUEST",
    );
    const first = new Map(series(a.json, "REQUEST").map((p) => [p.time_stamp, p.statistic_num]));
    let shared = 0;
    for (const p of overlap) {
      const v = first.get(p.time_stamp);
      if (v !== undefined) {
        shared++;
        expect(p.statistic_num).toBe(v);
      }
    }
    expect(shared).toBeGreaterThan(100);
    // Same seed, a clock one day later: the past does not change.
    const later = await startTestSim({ now: () => NOW + DAY });
    try {
      const c = await call(later, statsPath(later, nightly, ALL, NOW - 2 * DAY, NOW - DAY));
      expect(c.text).toBe(a.text);
    } finally {
      await later.close();
    }
  });

  it("has no data in the future, before creation, after stopping, or for the idle task", async () => {
    const future = series(
      (await call(sim, statsPath(sim, nightly, "REQUEST", NOW - HOUR, NOW + DAY))).json,
      "REQUEST",
    );
    for (const p of future) expect(p.time_stamp + FIVE_MIN).toBeLessThanOrEqual(NOW);
    const weekOld = sim.tasks.find((t) => t.name === "tencent-images");
    const wk = series(
      (await call(sim, statsPath(sim, weekOld?.id ?? "", "REQUEST", NOW - 30 * DAY, NOW))).json,
      "REQUEST",
    );
    expect(wk[0]?.time_stamp).toBeGreaterThanOrEqual(weekOld?.createTime ?? 0);
    expect(NOW - (weekOld?.createTime ?? 0)).toBeLessThan(7 * DAY + FIVE_MIN);
    const stopped = sim.tasks.find((t) => t.info.status === "STOPPED");
    const st = series(
      (await call(sim, statsPath(sim, stopped?.id ?? "", "REQUEST", NOW - 5 * DAY, NOW))).json,
      "REQUEST",
    );
    expect(st.length).toBeGreaterThan(0);
    for (const p of st) expect(p.time_stamp).toBeLessThan(stopped?.stoppedAt ?? 0);
    const idle = byName(sim, "reports-dr");
    const none = (await call(sim, statsPath(sim, idle, ALL, NOW - 3 * DAY, NOW))).json as StatsBody;
    expect(none.statistic_datas.every((d) => d.data.length === 0)).toBe(true);
  });

  it("accepts the documented maximum Long as end_time", async () => {
    const r = await call(
      sim,
      statsPath(sim, nightly, "REQUEST", NOW - HOUR, Number.MAX_SAFE_INTEGER),
    );
    expect(r.status).toBe(200);
    const max = await call(
      sim,
      `/v2/${sim.projectId}/sync-tasks/${nightly}/statistics?data_type=REQUEST&start_time=${NOW - HOUR}&end_time=9223372036854775807`,
    );
    expect(max.status).toBe(200);
    expect((max.json as StatsBody).statistic_time_type).toBe("ONE_HOUR");
  });

  it.each([
    ["unknown data_type", "data_type=REQUEST,BYTES&start_time=1&end_time=2"],
    ["empty data_type", "data_type=&start_time=1&end_time=2"],
    ["missing data_type", "start_time=1&end_time=2"],
    ["missing start_time", "data_type=REQUEST&end_time=2"],
    ["missing end_time", "data_type=REQUEST&start_time=1"],
    ["non-digit time", "data_type=REQUEST&start_time=2025-01-01&end_time=2"],
    ["end before start", "data_type=REQUEST&start_time=5000&end_time=4000"],
  ])("refuses %s with an OMS-style 400", async (_name, q) => {
    const r = await call(sim, `/v2/${sim.projectId}/sync-tasks/${nightly}/statistics?${q}`);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      error_code: expect.stringMatching(/^OMS\./),
      error_msg: expect.any(String),
    });
  });

  it("answers unknown and malformed task IDs as the cloud does", async () => {
    const unknown = await call(
      sim,
      statsPath(sim, "00000000-0000-4000-8000-000000000000", "REQUEST", 0, NOW),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error_code: "OMS.1009" });
    const bad = await call(sim, statsPath(sim, "not-a-task", "REQUEST", 0, NOW));
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error_code: "OMS.0054" });
  });
});

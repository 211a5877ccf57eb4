/** The simulator's options for what the real API may do but the pages do not say. */
import { request } from "undici";
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

/** A finished interval with traffic, so a point for it is reported. */
const END = Math.floor(NOW / FIVE_MIN) * FIVE_MIN - 2 * HOUR;

describe("end_time", () => {
  let exclusive: Simulator;
  let inclusive: Simulator;
  beforeAll(async () => {
    exclusive = await startTestSim();
    inclusive = await startTestSim({ endInclusive: true });
  });
  afterAll(async () => {
    await exclusive.close();
    await inclusive.close();
  });

  it("by default a point starting at end_time is left out; endInclusive counts it", async () => {
    const path = (s: Simulator) =>
      statsPath(s, byName(s, "media-sync"), "REQUEST", END - HOUR, END);
    const ex = series((await call(exclusive, path(exclusive))).json, "REQUEST");
    const inc = series((await call(inclusive, path(inclusive))).json, "REQUEST");
    expect(ex.at(-1)?.time_stamp).toBe(END - FIVE_MIN);
    expect(inc.at(-1)?.time_stamp).toBe(END);
    expect(inc.slice(0, -1)).toEqual(ex);
  });

  it("1000 aligned intervals are five-minute points, unless end_time counts: then 1001 are hourly", async () => {
    const path = (s: Simulator) =>
      statsPath(s, byName(s, "media-sync"), "REQUEST", END - 1000 * FIVE_MIN, END);
    expect(((await call(exclusive, path(exclusive))).json as StatsBody).statistic_time_type).toBe(
      "FIVE_MINUTES",
    );
    expect(((await call(inclusive, path(inclusive))).json as StatsBody).statistic_time_type).toBe(
      "ONE_HOUR",
    );
  });
});

describe("too many points", () => {
  it("truncate (default) keeps the oldest maxPoints; reject answers 400 OMS.0003", async () => {
    const truncating = await startTestSim({ maxPoints: 50 });
    const rejecting = await startTestSim({ maxPoints: 50, tooManyPoints: "reject" });
    try {
      const path = (s: Simulator, n: number) =>
        statsPath(s, byName(s, "media-sync"), "REQUEST", END - n * FIVE_MIN, END);
      const cut = series((await call(truncating, path(truncating, 60))).json, "REQUEST");
      expect(cut).toHaveLength(50);
      expect(cut[0]?.time_stamp).toBe(END - 60 * FIVE_MIN);
      const refused = await call(rejecting, path(rejecting, 51));
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ error_code: "OMS.0003" });
      expect((await call(rejecting, path(rejecting, 50))).status).toBe(200);
    } finally {
      await truncating.close();
      await rejecting.close();
    }
  });
});

describe("odd tasks and a lying count", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({
      oddTasks: ["unknownStatus", "numericDescription", "objectDescription", "missingId"],
      listCount: 1_000_000_000,
    });
  });
  afterAll(() => sim.close());

  it("lists them after the demo tasks' kind of fields, each odd in one way", async () => {
    const body = (await call(sim, `/v2/${sim.projectId}/sync-tasks?limit=100`)).json as {
      tasks: Array<Record<string, unknown>>;
      count: number;
    };
    expect(body.count).toBe(1_000_000_000);
    expect(body.tasks).toHaveLength(10);
    const by = (bucket: string) => body.tasks.find((t) => t.src_bucket === bucket);
    expect(by("archive-src")?.status).toBe("DELETING");
    expect(by("numbered-src")?.description).toBe(4242);
    expect(by("objdesc-src")?.description).toEqual({ en: "object-described" });
    expect(by("noid-src")).toBeDefined();
    expect(by("noid-src")).not.toHaveProperty("sync_task_id");
    // The status filter knows only the documented statuses.
    const running = (
      await call(sim, `/v2/${sim.projectId}/sync-tasks?status=SYNCHRONIZING&limit=100`)
    ).json as { tasks: Array<{ status: string }> };
    expect(running.tasks.every((t) => t.status === "SYNCHRONIZING")).toBe(true);
  });

  it("shows and counts an odd task like any other", async () => {
    const id = byName(sim, "archive-mover");
    const shown = await call(sim, `/v2/${sim.projectId}/sync-tasks/${id}?query_time=${NOW}`);
    expect(shown.json).toMatchObject({ status: "DELETING" });
    const stats = await call(sim, statsPath(sim, id, "REQUEST", NOW - DAY, NOW));
    expect(series(stats.json, "REQUEST").length).toBeGreaterThan(100);
  });
});

describe("faults for odd and oversized answers", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.close());

  it("oddDataType adds a LATENCY series; oddTimeType says ONE_DAY", async () => {
    const path = statsPath(sim, byName(sim, "media-sync"), "REQUEST", NOW - HOUR, NOW);
    sim.failNext("oddDataType", 1);
    const odd = (await call(sim, path)).json as StatsBody;
    expect(odd.statistic_datas.map((d) => d.data_type)).toEqual(["REQUEST", "LATENCY"]);
    sim.failNext("oddTimeType", 1);
    expect(((await call(sim, path)).json as StatsBody).statistic_time_type).toBe("ONE_DAY");
  });

  it.each([false, true])(
    "oversized (content-length %s): the real answer padded to the size, valid JSON",
    async (declared) => {
      sim.setFaults({ oversizedBytes: 3 * 1024 * 1024, oversizedContentLength: declared });
      sim.failNext("oversized", 1);
      const res = await request(`${sim.url}/v2/${sim.projectId}/sync-tasks?limit=100`, {
        headers: { "x-auth-token": sim.credentials.tokens[0] ?? "" },
      });
      expect(res.headers["content-length"] !== undefined).toBe(declared);
      const text = await res.body.text();
      expect(text.length).toBe(3 * 1024 * 1024);
      const body = JSON.parse(text) as { tasks: unknown[]; count: number; padding: string };
      expect(body.count).toBe(sim.tasks.length);
      expect(body.tasks).toHaveLength(sim.tasks.length);
      sim.setFaults({});
    },
  );
});

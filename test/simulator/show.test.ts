import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/server.ts";
import type { ShowSyncTaskBody } from "../../src/simulator/wire.ts";
import { byName, call, NOW, series, startTestSim, statsPath } from "./helpers.ts";

describe("ShowSyncTask", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.close());

  const showPath = (id: string, q: string) => `/v2/${sim.projectId}/sync-tasks/${id}${q}`;

  async function monthSums(
    id: string,
    start: number,
    end: number,
  ): Promise<Record<string, number>> {
    const r = await call(sim, statsPath(sim, id, "REQUEST,SUCCESS,FAILURE,SKIP,SIZE", start, end));
    const out: Record<string, number> = {};
    for (const t of ["REQUEST", "SUCCESS", "FAILURE", "SKIP", "SIZE"]) {
      out[t] = series(r.json, t).reduce((a, p) => a + p.statistic_num, 0);
    }
    return out;
  }

  it.each([
    ["the current month", NOW, Date.UTC(2025, 5, 1), Date.UTC(2025, 6, 1)],
    ["last month", Date.UTC(2025, 4, 20, 8), Date.UTC(2025, 4, 1), Date.UTC(2025, 5, 1)],
  ])(
    "has monthly counters equal to that month's statistics (%s)",
    async (_n, queryTime, from, to) => {
      for (const name of ["nightly-backup", "media-sync", "datalake-migration"]) {
        const id = byName(sim, name);
        const r = await call(sim, showPath(id, `?query_time=${queryTime}`));
        expect(r.status).toBe(200);
        const body = r.json as ShowSyncTaskBody;
        const sums = await monthSums(id, from, to);
        expect(body.monthly_acceptance_request).toBeGreaterThan(0);
        expect(body).toMatchObject({
          sync_task_id: id,
          description: name,
          monthly_acceptance_request: sums.REQUEST,
          monthly_success_object: sums.SUCCESS,
          monthly_failure_object: sums.FAILURE,
          monthly_skip_object: sums.SKIP,
          monthly_size: sums.SIZE,
        });
      }
    },
  );

  it("reports zeros for the idle task and for a month before creation", async () => {
    const idle = (await call(sim, showPath(byName(sim, "reports-dr"), `?query_time=${NOW}`))).json;
    expect(idle).toMatchObject({ monthly_acceptance_request: 0, monthly_size: 0 });
    const old = (await call(sim, showPath(byName(sim, "nightly-backup"), "?query_time=1000"))).json;
    expect(old).toMatchObject({ monthly_acceptance_request: 0, status: "SYNCHRONIZING" });
  });

  it.each(["", "?query_time=", "?query_time=yesterday"])(
    "needs query_time as digits (%s)",
    async (q) => {
      const r = await call(sim, showPath(byName(sim, "media-sync"), q));
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ error_code: expect.stringMatching(/^OMS\./) });
    },
  );

  it("answers 400 OMS.1009 for an unknown ID and OMS.0054 for a malformed one", async () => {
    const unknown = await call(
      sim,
      showPath("11111111-2222-4333-8444-555555555555", `?query_time=${NOW}`),
    );
    expect([unknown.status, (unknown.json as { error_code: string }).error_code]).toEqual([
      400,
      "OMS.1009",
    ]);
    const bad = await call(sim, showPath("xyz", `?query_time=${NOW}`));
    expect([bad.status, (bad.json as { error_code: string }).error_code]).toEqual([
      400,
      "OMS.0054",
    ]);
  });
});

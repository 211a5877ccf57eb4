import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/server.ts";
import type { SyncTaskInfo } from "../../src/simulator/wire.ts";
import { call, startTestSim } from "./helpers.ts";

interface ListBody {
  tasks: SyncTaskInfo[];
  count: number;
}

describe("ListSyncTasks", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.close());

  it("pages through every task with limit and offset, count being the total", async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 10; offset += 2) {
      const r = await call(sim, `/v2/${sim.projectId}/sync-tasks?limit=2&offset=${offset}`);
      expect(r.status).toBe(200);
      const body = r.json as ListBody;
      expect(body.count).toBe(sim.tasks.length);
      expect(body.tasks.length).toBeLessThanOrEqual(2);
      seen.push(...body.tasks.map((t) => t.sync_task_id));
    }
    expect(seen.sort()).toEqual(sim.tasks.map((t) => t.id).sort());
  });

  it("defaults to 10 per page and has the seed 002 fields", async () => {
    const r = await call(sim, `/v2/${sim.projectId}/sync-tasks`);
    const body = r.json as ListBody;
    expect(body.tasks).toHaveLength(sim.tasks.length);
    const nightly = body.tasks.find((t) => t.description === "nightly-backup");
    expect(nightly).toMatchObject({
      src_bucket: "logs-prod",
      dst_bucket: "logs-archive",
      status: "SYNCHRONIZING",
      src_cloud_type: "HuaweiCloud",
    });
    expect(nightly?.sync_task_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("keeps the default-seed IDs the README lists", () => {
    expect(sim.tasks.map((t) => [t.name, t.id])).toEqual([
      ["nightly-backup", "1d62f0d7-bfa1-43ac-b734-87320138b47a"],
      ["media-sync", "9a14ea04-50cf-4c1d-a0e4-95eef1f29991"],
      ["tencent-images", "517db1fe-8166-419d-87e3-23c900441569"],
      ["datalake-migration", "34412f0c-4210-4823-b395-2ee5b17269b8"],
      ["reports-dr", "9edb793b-06bb-4ae6-8a43-7475e96ae0ef"],
      ["qiniu-video", "f21d4017-da84-4f80-a5d5-f7966558dca6"],
    ]);
  });

  it("filters by status", async () => {
    const stopped = (await call(sim, `/v2/${sim.projectId}/sync-tasks?status=STOPPED`))
      .json as ListBody;
    expect(stopped.count).toBe(1);
    expect(stopped.tasks.map((t) => t.description)).toEqual(["datalake-migration"]);
    const running = (await call(sim, `/v2/${sim.projectId}/sync-tasks?status=SYNCHRONIZING`))
      .json as ListBody;
    expect(running.count).toBe(sim.tasks.length - 1);
    expect(running.tasks.every((t) => t.status === "SYNCHRONIZING")).toBe(true);
  });

  it.each(["limit=0", "limit=101", "limit=abc", "offset=10001", "offset=-1", "status=RUNNING"])(
    "refuses %s with an OMS-style 400",
    async (q) => {
      const r = await call(sim, `/v2/${sim.projectId}/sync-tasks?${q}`);
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({
        error_code: expect.stringMatching(/^OMS\./),
        error_msg: expect.any(String),
      });
    },
  );

  it("accepts the edges limit=100 and offset=10000", async () => {
    const r = await call(sim, `/v2/${sim.projectId}/sync-tasks?limit=100&offset=10000`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ tasks: [], count: sim.tasks.length });
  });

  it("answers 403 OMS.0206 for another project's path", async () => {
    const r = await call(sim, "/v2/ffffffffffffffffffffffffffffffff/sync-tasks");
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ error_code: "OMS.0206" });
  });

  it("answers 404 with an error body for unknown paths and methods", async () => {
    for (const path of ["/v1/x", `/v2/${sim.projectId}/sync-tasks/a/b/c`, "/"]) {
      const r = await call(sim, path);
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({ error_code: "APIGW.0101" });
    }
    const post = await call(sim, `/v2/${sim.projectId}/sync-tasks`, { method: "POST", body: "{}" });
    expect(post.status).toBe(404);
  });
});

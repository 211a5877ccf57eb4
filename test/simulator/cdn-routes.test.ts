/** The simulator's CDN export-task route: gateway and domain-level auth, order, clock, faults. */
import { afterEach, describe, expect, it } from "vitest";
import { signAkSk } from "../../src/clients/auth/aksk-signer.ts";
import type { Simulator } from "../../src/simulator/server.ts";
import { call, NOW, startTestSim } from "./helpers.ts";

const PATH = "/v1/cdn/statistics/export-tasks";
const MIN = 60_000;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface ListBody {
  total: number;
  data: Array<Record<string, unknown>>;
}

/** Signed like the CDN client, with the domain ID given (or none). */
function signed(s: Simulator, path: string, domainId: string | undefined, at = NOW) {
  const url = new URL(`${s.url}${path}`);
  const headers = signAkSk(
    { method: "GET", url, headers: {} },
    { ak: s.credentials.ak, sk: s.credentials.sk, ...(domainId ? { domainId } : {}) },
    new Date(at),
  );
  return call(s, path, { token: null, headers });
}

describe("CDN export tasks in the simulator", () => {
  it("asks for credentials like the gateway, and a signed X-Domain-Id of its account", async () => {
    const s = await startTestSim();
    sim = s;
    expect((await call(s, PATH, { token: null })).status).toBe(401);
    expect((await call(s, PATH)).status).toBe(200); // a token carries its own scope
    expect((await signed(s, PATH, s.cdn.domainId)).status).toBe(200);
    const none = await signed(s, PATH, undefined);
    expect(none.status).toBe(401);
    expect(JSON.stringify(none.json)).toContain("X-Domain-Id");
    expect((await signed(s, PATH, "ffffffffffffffffffffffffffffffff")).status).toBe(401);
  });

  it("lists newest change first, a success with its link, a numeric task_name as in seed 003", async () => {
    const s = await startTestSim();
    sim = s;
    const body = (await call(s, `${PATH}?limit=100`)).json as ListBody;
    expect(body.total).toBe(5);
    const updates = body.data.map((t) => Number(t.update_time));
    expect(updates).toEqual([...updates].sort((a, b) => b - a));
    const seedTask = body.data.find((t) => t.task_id === "2459be350111d2da0f8dc010e0ac4c33");
    expect(seedTask?.task_name).toBe(149751000000);
    for (const t of body.data) {
      expect("download_link" in t).toBe(t.status === "success");
    }
    expect(new Set(body.data.map((t) => t.status))).toEqual(
      new Set(["success", "fail", "processing"]),
    );
  });

  it("finishes the demo task a minute after start", async () => {
    const clock = { now: NOW };
    const s = await startTestSim({ now: () => clock.now });
    sim = s;
    const daily = async () =>
      ((await call(s, `${PATH}?task_name=requests-daily`)).json as ListBody).data[0];
    expect(await daily()).toMatchObject({ status: "processing", update_time: NOW - 5 * MIN });
    clock.now = NOW + MIN - 1;
    expect((await daily())?.status).toBe("processing");
    clock.now = NOW + MIN;
    expect(await daily()).toMatchObject({ status: "success", update_time: NOW + MIN });
    expect((await daily())?.download_link).toMatch(/^https:\/\//);
  });

  it("pages by limit and offset, cutting limit to its maximum", async () => {
    const s = await startTestSim({ cdn: { bulkTasks: 10, maxLimit: 4 } });
    sim = s;
    const page = (await call(s, `${PATH}?limit=50&offset=12`)).json as ListBody;
    expect(page.total).toBe(15);
    expect(page.data).toHaveLength(3);
    expect((await call(s, `${PATH}?limit=0`)).status).toBe(400);
    const bad = (await call(s, `${PATH}?offset=-1`)).json as { error: { error_code: string } };
    expect(bad.error.error_code).toMatch(/^CDN\./);
  });

  it("fails CDN on its own: OMS keeps answering", async () => {
    const s = await startTestSim();
    sim = s;
    s.cdn.setFaults({ errorRate: 1 });
    const cdn = await call(s, PATH);
    expect([500, 503]).toContain(cdn.status);
    expect(cdn.json).toMatchObject({ error: { error_code: expect.stringMatching(/^CDN\./) } });
    expect((await call(s, `/v2/${s.projectId}/sync-tasks`)).status).toBe(200);
    s.failNext("unavailable", 1); // an OMS fault does not touch CDN either
    s.cdn.setFaults({});
    expect((await call(s, PATH)).status).toBe(200);
    expect((await call(s, `/v2/${s.projectId}/sync-tasks`)).status).toBe(503);
  });
});

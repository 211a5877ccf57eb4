import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/server.ts";
import { call, startTestSim } from "./helpers.ts";

describe("simulator faults", () => {
  let sim: Simulator;
  let listPath: string;
  beforeAll(async () => {
    sim = await startTestSim();
    listPath = `/v2/${sim.projectId}/sync-tasks`;
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.setFaults({});
    sim.resetLog();
  });

  it("error and unavailable answer 500 and 503 with OMS.2004, then recover", async () => {
    sim.failNext("error", 1);
    sim.failNext("unavailable", 1);
    const a = await call(sim, listPath);
    const b = await call(sim, listPath);
    expect([a.status, b.status]).toEqual([500, 503]);
    expect(a.json).toMatchObject({ error_code: "OMS.2004" });
    expect(b.json).toMatchObject({ error_code: "OMS.2004" });
    expect((await call(sim, listPath)).status).toBe(200);
    expect(sim.requests.map((e) => e.fault)).toEqual(["error", "unavailable", null]);
  });

  it("throttle answers 429 APIGW.0308 with Retry-After", async () => {
    sim.setFaults({ retryAfterSeconds: 7 });
    sim.failNext("throttle", 2);
    for (let i = 0; i < 2; i++) {
      const r = await call(sim, listPath);
      expect(r.status).toBe(429);
      expect(r.headers["retry-after"]).toBe("7");
      expect(r.json).toEqual({
        error_code: "APIGW.0308",
        error_msg: "The throttling threshold has been reached",
      });
    }
    expect(sim.requestCount({ status: 429 })).toBe(2);
  });

  it("malformed answers 200 with JSON no parser accepts", async () => {
    sim.failNext("malformed", 1);
    const r = await call(sim, listPath);
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it("schemaBreak answers 200 with valid JSON of the wrong shape", async () => {
    sim.failNext("schemaBreak", 4);
    for (let i = 0; i < 4; i++) {
      const r = await call(sim, listPath);
      expect(r.status).toBe(200);
      const body = r.json as { tasks?: unknown; count?: unknown };
      const ok = Array.isArray(body.tasks) && typeof body.count === "number";
      expect(ok).toBe(false);
    }
  });

  it("drop closes the connection without an answer", async () => {
    sim.failNext("drop", 1);
    await expect(call(sim, listPath)).rejects.toThrow();
    expect(sim.requests[0]).toMatchObject({ status: 0, fault: "drop" });
    expect((await call(sim, listPath)).status).toBe(200);
  });

  it("hang never answers, and close() still ends the socket", async () => {
    const own = await startTestSim();
    own.failNext("hang", 1);
    const agent = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
    const pending = request(`${own.url}/v2/${own.projectId}/sync-tasks`, {
      headers: { "x-auth-token": own.credentials.tokens[0] ?? "" },
      dispatcher: agent,
    });
    const outcome = pending.then(
      () => "answered",
      () => "failed",
    );
    await expect.poll(() => own.requestCount(), { timeout: 5000 }).toBe(1);
    const raced = await Promise.race([
      outcome,
      new Promise((r) => setTimeout(() => r("still waiting"), 300)),
    ]);
    expect(raced).toBe("still waiting");
    await own.close();
    expect(await outcome).toBe("failed");
    await agent.close();
  });

  it("latency holds answers back long enough for a client timeout to fire", async () => {
    sim.setFaults({ latencyMs: 5_000 });
    const agent = new Agent({ headersTimeout: 200 });
    try {
      await expect(
        request(`${sim.url}${listPath}`, {
          headers: { "x-auth-token": sim.credentials.tokens[0] ?? "" },
          dispatcher: agent,
        }),
      ).rejects.toThrow(/timeout/i);
    } finally {
      await agent.destroy();
    }
    sim.setFaults({});
    expect((await call(sim, listPath)).status).toBe(200);
  });

  it("rates draw from the seeded stream: rate 1 always faults, same seed same sequence", async () => {
    sim.setFaults({ throttleRate: 1 });
    expect((await call(sim, listPath)).status).toBe(429);
    const statuses = async (s: Simulator) => {
      const out: number[] = [];
      for (let i = 0; i < 12; i++)
        out.push((await call(s, `/v2/${s.projectId}/sync-tasks`)).status);
      return out;
    };
    const faults = { errorRate: 0.3, throttleRate: 0.3 };
    const a = await startTestSim({ seed: 7, faults });
    const b = await startTestSim({ seed: 7, faults });
    try {
      const sa = await statuses(a);
      expect(sa).toEqual(await statuses(b));
      expect(new Set(sa).size).toBeGreaterThan(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("faults leave unauthenticated requests and IAM alone", async () => {
    sim.failNext("error", 1);
    expect((await call(sim, listPath, { token: null })).status).toBe(401);
    expect((await call(sim, listPath)).status).toBe(500);
  });
});

/**
 * What the readiness checks and cloud metrics read: the JSON client's attempt reports, the render
 * pool's ready workers, the scheduler's running state.
 */
import pino from "pino";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttemptReport } from "../../src/clients/http/json-client.ts";
import { RenderPool } from "../../src/render/pool.ts";
import { Scheduler } from "../../src/schedule/scheduler.ts";
import { omsClientFor } from "../../src/simulator/client.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";

const silent = pino({ level: "silent" });
const dispatcher = new Agent();
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({});
});
afterAll(async () => {
  await sim?.close();
  await dispatcher.close();
});

describe("JsonClient onAttempt", () => {
  it("reports every attempt with its outcome, retries marked", async () => {
    const reports: AttemptReport[] = [];
    const client = omsClientFor(sim, {
      logger: silent,
      dispatcher,
      sleep: async () => {},
      onAttempt: (r) => void reports.push(r),
    });
    sim.failNext("unavailable", 2);
    await client.listSyncTasks();
    expect(reports).toEqual([
      { service: "OMS", outcome: "API_UNAVAILABLE", retry: false },
      { service: "OMS", outcome: "API_UNAVAILABLE", retry: true },
      { service: "OMS", outcome: "ok", retry: true },
    ]);
  });

  it("a throwing observer does not fail the call", async () => {
    const client = omsClientFor(sim, {
      logger: silent,
      dispatcher,
      onAttempt: () => {
        throw new Error("metrics broke");
      },
    });
    expect((await client.listSyncTasks()).length).toBe(sim.tasks.length);
  });
});

describe("RenderPool.isReady", () => {
  it("is false until a worker has loaded, and false again once closed", async () => {
    const pool = new RenderPool({ size: 1 });
    try {
      expect(pool.isReady()).toBe(false);
      const until = Date.now() + 20_000;
      while (!pool.isReady() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(pool.isReady()).toBe(true);
    } finally {
      await pool.close();
    }
    expect(pool.isReady()).toBe(false);
  }, 30_000);
});

describe("Scheduler.isRunning", () => {
  it("follows start and stop", async () => {
    const s = new Scheduler({ logger: silent });
    expect(s.isRunning()).toBe(false);
    s.start();
    expect(s.isRunning()).toBe(true);
    await s.stop();
    expect(s.isRunning()).toBe(false);
  });
});

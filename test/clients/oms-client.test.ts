/** The OMS client against the simulator over loopback HTTP: paging, windows, auth, every fault. */
import pino from "pino";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AkSkProvider } from "../../src/clients/auth/aksk-provider.ts";
import { IamTokenProvider } from "../../src/clients/auth/iam-token.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import type { AuthProvider } from "../../src/clients/auth/types.ts";
import { OmsClient, type OmsClientOptions } from "../../src/clients/oms/client.ts";
import { OmsbotError } from "../../src/errors.ts";
import { intervalCounts } from "../../src/simulator/series.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 3, 7);
const FIVE_MIN = 300_000;
const DAY = 86_400_000;

let sim: Simulator;
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
const silent = pino({ level: "silent" });
/** Delays the client asked to sleep; the tests don't actually wait them out. */
let slept: number[] = [];

function client(over: Partial<OmsClientOptions> = {}): OmsClient {
  return new OmsClient({
    endpoint: sim.url,
    projectId: sim.projectId,
    auth: signer(sim.credentials.sk),
    dispatcher,
    logger: silent,
    now: () => NOW,
    timeoutMs: 2_000,
    deadlineMs: 10_000,
    backoff: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50 },
    ...over,
  });
}

/** Signs as of the simulator's clock: the gateway refuses a skew over 15 minutes. */
const signer = (sk: string) =>
  new AkSkProvider({
    ak: sim.credentials.ak,
    sk,
    projectId: sim.projectId,
    now: () => new Date(NOW),
  });

/** A sleep that records and returns at once, so Retry-After is checked without waiting it out. */
const recordingSleep = async (ms: number) => {
  slept.push(ms);
};

async function codeOf(p: Promise<unknown>): Promise<OmsbotError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(OmsbotError);
    return e as OmsbotError;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  sim = await startSimulator({ now: () => NOW });
});
afterAll(async () => {
  await sim.close();
  await dispatcher.close();
});
afterEach(() => {
  sim.setFaults({});
  sim.resetLog();
  slept = [];
});

const task = (name: string) => {
  const t = sim.tasks.find((x) => x.info.description === name);
  if (!t) throw new Error(`no demo task ${name}`);
  return t;
};

describe("listSyncTasks", () => {
  it("pages through offset/limit until count is reached, each task once", async () => {
    const tasks = await client({ pageSize: 2 }).listSyncTasks();
    expect(tasks.map((t) => t.id).sort()).toEqual(sim.tasks.map((t) => t.info.sync_task_id).sort());
    expect(sim.requestCount({ path: "/sync-tasks" })).toBe(Math.ceil(sim.tasks.length / 2));
  });

  it("filters by status", async () => {
    const stopped = await client().listSyncTasks({ status: "STOPPED" });
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped.every((t) => t.status === "STOPPED")).toBe(true);
  });
});

describe("showSyncTask", () => {
  it("returns the task with the monthly counters of the month holding query_time", async () => {
    const t = task("nightly-backup");
    const shown = await client().showSyncTask(t.info.sync_task_id);
    expect(shown.description).toBe("nightly-backup");
    expect(shown.monthly?.queryTime).toBe(NOW);
    // November 2026 so far, summed from the same series the statistics come from.
    const monthStart = Date.UTC(2026, 10, 1);
    const stats = await client().getStatistics(t.info.sync_task_id, ["SUCCESS"], monthStart, NOW);
    expect(shown.monthly?.succeeded).toBe(
      (stats.series.SUCCESS ?? []).reduce((a, p) => a + p.v, 0),
    );
  });

  it("an unknown task is API_NOT_FOUND naming the ID", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const e = await codeOf(client().showSyncTask(id));
    expect(e.code).toBe("API_NOT_FOUND");
    expect(e.userMessage).toContain(id);
    expect(e.apiCode).toBe("OMS.1009");
  });
});

describe("getStatistics", () => {
  it("merges a 7-day range from windows without gaps or duplicates", async () => {
    const t = task("tencent-images");
    const start = NOW - 7 * DAY;
    const stats = await client().getStatistics(
      t.info.sync_task_id,
      ["REQUEST", "FAILURE", "SIZE"],
      start,
      NOW,
    );
    expect(stats.granularity).toBe("FIVE_MINUTES");
    // 7 days = 2016 intervals > 1000 a window: three windows.
    expect(sim.requestCount({ path: "/statistics" })).toBe(3);
    const expected: Array<{ t: number; v: number }> = [];
    // The server reports finished intervals only.
    for (let at = Math.ceil(start / FIVE_MIN) * FIVE_MIN; at + FIVE_MIN <= NOW; at += FIVE_MIN) {
      const c = intervalCounts(t, at);
      if (c) expected.push({ t: at, v: c.REQUEST });
    }
    expect(expected.length).toBeGreaterThan(1900);
    expect(stats.series.REQUEST).toEqual(expected);
    const times = (stats.series.SIZE ?? []).map((p) => p.t);
    expect(new Set(times).size).toBe(times.length);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("handles hourly answers: the server picks ONE_HOUR for a long window", async () => {
    const t = task("nightly-backup");
    const start = Date.UTC(2026, 9, 1);
    const end = Date.UTC(2026, 9, 11);
    const stats = await client({ windowMs: 30 * DAY }).getStatistics(
      t.info.sync_task_id,
      ["SUCCESS"],
      start,
      end,
    );
    expect(stats.granularity).toBe("ONE_HOUR");
    const points = stats.series.SUCCESS ?? [];
    expect(points.length).toBeGreaterThan(200);
    for (const p of points) expect(p.t % 3_600_000).toBe(0);
    const fine = await client().getStatistics(t.info.sync_task_id, ["SUCCESS"], start, end);
    const sum = (s: Array<{ v: number }> | undefined) => (s ?? []).reduce((a, p) => a + p.v, 0);
    expect(sum(points)).toBe(sum(fine.series.SUCCESS));
  });

  it("an empty range for a task with no traffic is empty series, not an error", async () => {
    const quiet = sim.tasks.find((x) => x.profile.peakPerInterval <= 0);
    expect(quiet).toBeDefined();
    const stats = await client().getStatistics(
      quiet?.info.sync_task_id ?? "",
      ["REQUEST"],
      NOW - DAY,
      NOW,
    );
    expect(stats.series.REQUEST).toEqual([]);
  });
});

describe("authentication", () => {
  it("a wrong secret key is API_AUTH naming the settings, never the key", async () => {
    const e = await codeOf(client({ auth: signer("wrong-secret-key-1234") }).listSyncTasks());
    expect(e.code).toBe("API_AUTH");
    expect(e.userMessage).toContain("HUAWEICLOUD_SDK_AK");
    expect(JSON.stringify(e)).not.toContain("wrong-secret-key-1234");
    expect(sim.requestCount({ status: 401 })).toBe(1);
  });

  it("a wrong static token names OMS_AUTH_TOKEN", async () => {
    const e = await codeOf(
      client({ auth: new StaticTokenProvider("not-a-token") }).listSyncTasks(),
    );
    expect(e.code).toBe("API_AUTH");
    expect(e.userMessage).toContain("OMS_AUTH_TOKEN");
  });

  it("an IAM token revoked mid-way is renewed once and the call succeeds", async () => {
    const user = sim.credentials.iamUsers[0];
    if (!user) throw new Error("simulator has no IAM user");
    const auth: AuthProvider = new IamTokenProvider({
      endpoint: sim.url,
      user: user.name,
      password: user.password,
      domain: user.domain,
      projectId: sim.projectId,
      dispatcher,
      // Ten minutes on, so the renewal is not mistaken for a refresh loop.
      now: () => new Date(clock),
    });
    let clock = NOW;
    const c = client({ auth });
    await c.listSyncTasks();
    clock = NOW + 10 * 60_000;
    const issued = sim.iam.issuedCount;
    const headers = await auth.authorize({ method: "GET", url: new URL(sim.url), headers: {} });
    sim.iam.revoke(headers["X-Auth-Token"] ?? headers["x-auth-token"] ?? "");
    const tasks = await c.listSyncTasks();
    expect(tasks.length).toBe(sim.tasks.length);
    expect(sim.iam.issuedCount).toBe(issued + 1);
  });
});

describe("faults", () => {
  const id = () => task("nightly-backup").info.sync_task_id;

  it.each([
    ["error", 2],
    ["unavailable", 3],
    ["drop", 2],
    ["malformed", 2],
  ] as const)("%s ×%i: retried to a correct result", async (kind, count) => {
    const expected = await client().showSyncTask(id());
    sim.resetLog();
    sim.failNext(kind, count);
    const shown = await client({ sleep: recordingSleep }).showSyncTask(id());
    expect(shown).toEqual(expected);
    expect(sim.requests.length).toBe(count + 1);
    expect(slept.length).toBe(count);
  });

  it("429 with Retry-After is honoured before retrying", async () => {
    sim.setFaults({ retryAfterSeconds: 2 });
    sim.failNext("throttle", 1);
    const tasks = await client({ sleep: recordingSleep }).listSyncTasks();
    expect(tasks.length).toBe(sim.tasks.length);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(2_000);
  });

  it("persistent throttling ends in API_THROTTLED within the deadline", async () => {
    sim.setFaults({ throttleRate: 1, retryAfterSeconds: 1 });
    const e = await codeOf(client({ sleep: recordingSleep }).listSyncTasks());
    expect(e.code).toBe("API_THROTTLED");
    expect(sim.requests.length).toBe(4);
  });

  it("a schema break is API_BAD_ANSWER naming the field, asked once: a retry gets the same", async () => {
    sim.failNext("schemaBreak", 1);
    const e = await codeOf(
      client({ sleep: recordingSleep }).getStatistics(id(), ["REQUEST"], NOW - DAY, NOW),
    );
    expect(e.code).toBe("API_BAD_ANSWER");
    expect(e.userMessage).toMatch(/field `[a-z_.0-9]+`/);
    expect(sim.requestCount({ path: "/statistics" })).toBe(1);
    expect(slept).toEqual([]);
  });

  it("a server that hangs ends in API_TIMEOUT within the deadline", async () => {
    sim.setFaults({ hangRate: 1 });
    const started = Date.now();
    const e = await codeOf(client({ timeoutMs: 150, deadlineMs: 1_000 }).listSyncTasks());
    expect(e.code).toBe("API_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a mixed fault rate still gives the exact 7-day statistics", async () => {
    const t = task("tencent-images");
    const clean = await client().getStatistics(
      t.info.sync_task_id,
      ["REQUEST"],
      NOW - 7 * DAY,
      NOW,
    );
    sim.setFaults({
      errorRate: 0.15,
      dropRate: 0.1,
      malformedRate: 0.1,
      throttleRate: 0.1,
      retryAfterSeconds: 0,
    });
    const faulty = await client({
      backoff: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 5 },
    }).getStatistics(t.info.sync_task_id, ["REQUEST"], NOW - 7 * DAY, NOW);
    expect(faulty.series).toEqual(clean.series);
  });
});

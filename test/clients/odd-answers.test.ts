/**
 * Answers that are odd but not wrong, and answers that are wrong: one odd task must not cost the
 * list, a schema break is not asked again, a flood is cut off, a lying `count` is bounded, and a
 * wrong project ID is named as such. Over loopback HTTP against the simulator.
 */
import pino from "pino";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AkSkProvider } from "../../src/clients/auth/aksk-provider.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import { OmsClient, type OmsClientOptions } from "../../src/clients/oms/client.ts";
import { OmsbotError } from "../../src/errors.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 3, 7);
const DAY = 86_400_000;
const MIB = 1024 * 1024;

const dispatcher = new Agent();
let sim: Simulator;
let logs: Array<Record<string, unknown>> = [];
const logger = pino(
  { level: "warn" },
  {
    write(line: string) {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    },
  },
);
const warnings = () => logs.filter((l) => l.level === 40);

function client(over: Partial<OmsClientOptions> = {}): OmsClient {
  return new OmsClient({
    endpoint: sim.url,
    projectId: sim.projectId,
    auth: new StaticTokenProvider(sim.credentials.tokens[0] ?? ""),
    dispatcher,
    logger,
    now: () => NOW,
    sleep: async () => {},
    backoff: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    ...over,
  });
}

async function failure(p: Promise<unknown>): Promise<OmsbotError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof OmsbotError) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

const byName = (name: string) => {
  const t = sim.tasks.find((x) => x.name === name);
  if (!t) throw new Error(`no simulator task ${name}`);
  return t;
};

beforeAll(async () => {
  sim = await startSimulator({
    now: () => NOW,
    oddTasks: ["unknownStatus", "numericDescription", "objectDescription", "missingId"],
  });
});
afterAll(async () => {
  await sim.close();
  await dispatcher.close();
});
afterEach(() => {
  sim.setFaults({});
  sim.resetLog();
  logs = [];
});

describe("odd tasks in the list", () => {
  it.each([100, 2])(
    "page size %i: every readable task, one warning for the unreadable one",
    async (pageSize) => {
      const tasks = await client({ pageSize }).listSyncTasks();
      const readable = sim.tasks.filter((t) => t.name !== "no-id-task");
      expect(tasks.map((t) => t.id).sort()).toEqual(readable.map((t) => t.id).sort());
      expect(tasks.find((t) => t.id === byName("archive-mover").id)?.status).toBe("DELETING");
      expect(tasks.find((t) => t.id === byName("4242").id)?.description).toBe("4242");
      expect(tasks.find((t) => t.id === byName("objdesc-src→objdesc-dst").id)?.description).toBe(
        "",
      );
      const w = warnings();
      expect(w).toHaveLength(1);
      // No ID to name it by, so its place in the list.
      expect(typeof w[0]?.offset).toBe("number");
      expect(w[0]?.msg).toMatch(/skipped a sync task/);
      expect(sim.requestCount({ path: "/sync-tasks", status: 200 })).toBe(
        Math.ceil(sim.tasks.length / pageSize),
      );
    },
  );

  it("ShowSyncTask keeps an unknown status and reads a numeric description as text", async () => {
    expect((await client().showSyncTask(byName("archive-mover").id)).status).toBe("DELETING");
    expect((await client().showSyncTask(byName("4242").id)).description).toBe("4242");
  });
});

describe("odd statistics", () => {
  const id = () => byName("nightly-backup").id;

  it("a data type the bot does not know is skipped with one warning, the rest kept", async () => {
    const clean = await client().getStatistics(id(), ["REQUEST"], NOW - DAY, NOW);
    sim.failNext("oddDataType", 1);
    const odd = await client().getStatistics(id(), ["REQUEST"], NOW - DAY, NOW);
    expect(odd.series).toEqual(clean.series);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.dataTypes).toEqual(["LATENCY"]);
  });

  it("an unknown statistic_time_type is refused (points of unknown length cannot be merged), once", async () => {
    sim.failNext("oddTimeType", 1);
    const e = await failure(client().getStatistics(id(), ["REQUEST"], NOW - DAY, NOW));
    expect(e.code).toBe("API_BAD_ANSWER");
    expect(e.userMessage).toContain("`statistic_time_type`");
    expect(sim.requestCount({ path: "/statistics" })).toBe(1);
  });
});

describe("wrong answers", () => {
  it("a list answer of the wrong shape is API_BAD_ANSWER after one request", async () => {
    sim.failNext("schemaBreak", 1);
    const e = await failure(client().listSyncTasks());
    expect(e.code).toBe("API_BAD_ANSWER");
    expect(sim.requestCount()).toBe(1);
  });

  it.each([
    ["streamed without a length", false],
    ["with a content-length", true],
  ])(
    "a 300 MB answer %s is cut off at the limit: API_BAD_ANSWER naming the size, asked once",
    async (_l, declared) => {
      const size = 300 * MIB;
      sim.setFaults({ oversizedBytes: size, oversizedContentLength: declared });
      sim.failNext("oversized", 1);
      const e = await failure(client({ maxBodyBytes: MIB }).listSyncTasks());
      expect(e.code).toBe("API_BAD_ANSWER");
      expect(e.userMessage).toContain("too large");
      expect(e.detail).toContain(`${MIB}-byte limit`);
      expect(e.detail).toContain(declared ? `content-length ${size}` : "stopped after reading");
      expect(sim.requestCount()).toBe(1);
      // The simulator stops writing when the client hangs up: far from all of it went out.
      await vi.waitFor(() => expect(sim.requests[0]?.bytesSent).toBeDefined());
      expect(sim.requests[0]?.bytesSent ?? size).toBeLessThan(size / 10);
    },
  );

  it("the default limit reads an ordinary answer", async () => {
    expect((await client().listSyncTasks()).length).toBe(sim.tasks.length - 1);
  });
});

describe("a count the paging cannot reach", () => {
  it("a count of 10^9 is logged and costs one round of pages, not millions", async () => {
    const liar = await startSimulator({ now: () => NOW, listCount: 1e9 });
    try {
      const c = new OmsClient({
        endpoint: liar.url,
        projectId: liar.projectId,
        auth: new StaticTokenProvider(liar.credentials.tokens[0] ?? ""),
        dispatcher,
        logger,
        now: () => NOW,
        pageSize: 2,
        concurrency: 4,
      });
      const tasks = await c.listSyncTasks();
      expect(tasks.map((t) => t.id).sort()).toEqual(liar.tasks.map((t) => t.id).sort());
      // Pages 0 (2 tasks), then a round of 4 of which the 2nd is short: where the list ends.
      expect(liar.requestCount()).toBeLessThanOrEqual(1 + 2 * 4);
      const w = warnings().find((l) => l.count === 1e9);
      expect(w?.reachable).toBe(10_002);
    } finally {
      await liar.close();
    }
  });
});

describe("errors quoting an ID", () => {
  it("keep it in one closed code span, whatever it holds", async () => {
    const e = await failure(client().showSyncTask("a`b*c_<!here>"));
    expect(e.code).toBe("API_NOT_FOUND");
    expect(e.userMessage).toContain("`aˋb*c_&lt;!here&gt;`");
    expect(e.userMessage.split("`").length % 2).toBe(1);
  });
});

describe("a wrong OMS_PROJECT_ID", () => {
  it.each(["static token", "AK/SK"])(
    "403 OMS.0206 over %s names the setting, not just permissions",
    async (how) => {
      const projectId = "0123456789abcdef0123456789abcdef";
      const auth =
        how === "AK/SK"
          ? new AkSkProvider({
              ak: sim.credentials.ak,
              sk: sim.credentials.sk,
              projectId,
              now: () => new Date(NOW),
            })
          : new StaticTokenProvider(sim.credentials.tokens[0] ?? "");
      const e = await failure(client({ projectId, auth }).listSyncTasks());
      expect(e.code).toBe("API_FORBIDDEN");
      expect(e.apiCode).toBe("OMS.0206");
      expect(e.userMessage).toContain("`OMS_PROJECT_ID`");
      expect(e.userMessage).toMatch(/project ID may be wrong/);
      expect(e.userMessage).toMatch(/permission/);
      expect(e.userMessage).not.toContain(projectId);
      expect(sim.requestCount({ status: 403 })).toBe(1);
    },
  );
});

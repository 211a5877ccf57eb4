/** The CDN export-task client against the simulator over loopback HTTP (auth checked there). */
import pino from "pino";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AkSkProvider } from "../../src/clients/auth/aksk-provider.ts";
import { domainAkSkProvider } from "../../src/clients/auth/domain-aksk.ts";
import type { AuthProvider } from "../../src/clients/auth/types.ts";
import { CdnClient, type CdnClientOptions } from "../../src/clients/cdn/client.ts";
import { cdnFromConfig } from "../../src/clients/cdn/from-config.ts";
import { exportTaskSchema } from "../../src/clients/cdn/schemas.ts";
import { loadConfig } from "../../src/config.ts";
import { OmsbotError } from "../../src/errors.ts";
import { type Simulator, startSimulator } from "../../src/simulator/server.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 3, 7);
const MIN = 60_000;

let sim: Simulator;
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
const silent = pino({ level: "silent" });

const signer = (over: { sk?: string; domainId?: string } = {}): AuthProvider =>
  domainAkSkProvider({
    ak: sim.credentials.ak,
    sk: over.sk ?? sim.credentials.sk,
    domainId: over.domainId ?? sim.cdn.domainId,
    now: () => new Date(NOW),
  });

function client(over: Partial<CdnClientOptions> = {}, s: Simulator = sim): CdnClient {
  return new CdnClient({
    endpoint: s.url,
    auth: signer(),
    dispatcher,
    logger: silent,
    now: () => NOW,
    sleep: async () => {},
    timeoutMs: 2_000,
    deadlineMs: 10_000,
    backoff: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    ...over,
  });
}

async function failure(p: Promise<unknown>): Promise<OmsbotError> {
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
  sim.cdn.setFaults({});
  sim.resetLog();
});

describe("CDN export tasks client", () => {
  it("lists every task, a numeric task_name as its digits, statuses as they came", async () => {
    const tasks = await client().listExportTasks();
    expect(tasks.map((t) => t.name).sort()).toEqual([
      "149751000000",
      "bandwidth-weekly",
      "requests-daily",
      "top-urls",
      "traffic-monthly",
    ]);
    const byName = new Map(tasks.map((t) => [t.name, t]));
    expect(byName.get("149751000000")).toMatchObject({
      id: "2459be350111d2da0f8dc010e0ac4c33",
      status: "success",
      downloadLink: expect.stringMatching(/^https:\/\//),
    });
    expect(byName.get("bandwidth-weekly")).toMatchObject({ status: "fail" });
    expect(byName.get("bandwidth-weekly")?.downloadLink).toBeUndefined();
    // Neither success nor fail: kept exactly as sent.
    expect(byName.get("top-urls")?.status).toBe("processing");
    expect(byName.get("traffic-monthly")?.updatedAt).toBe(NOW - 3 * 60 * MIN + 4 * MIN);
  });

  it("pages with limit/offset until total, by the items actually received", async () => {
    const many = await startSimulator({ now: () => NOW, cdn: { bulkTasks: 25, maxLimit: 4 } });
    try {
      const tasks = await client({ pageSize: 10 }, many).listExportTasks();
      expect(tasks).toHaveLength(30);
      expect(new Set(tasks.map((t) => t.id)).size).toBe(30);
      // The server cut limit=10 to 4: 8 pages of at most 4, none skipped.
      expect(many.requestCount({ path: "/export-tasks", status: 200 })).toBe(8);
      const offsets = many.requests.map((r) => new URLSearchParams(r.query).get("offset"));
      expect(offsets).toEqual(["0", "4", "8", "12", "16", "20", "24", "28"]);
    } finally {
      await many.close();
    }
  });

  it("stops at an empty page when total overstates the list", async () => {
    const liar = await startSimulator({ now: () => NOW, cdn: { listTotal: 1_000_000 } });
    try {
      expect(await client({}, liar).listExportTasks()).toHaveLength(5);
      expect(liar.requestCount({ path: "/export-tasks" })).toBe(2);
    } finally {
      await liar.close();
    }
  });

  it("sends task_id and task_name filters only when asked", async () => {
    expect(await client().listExportTasks({ taskName: "149751000000" })).toHaveLength(1);
    const [one] = await client().listExportTasks({ taskId: "2459be350111d2da0f8dc010e0ac4c33" });
    expect(one?.name).toBe("149751000000");
    const queries = sim.requests.map((r) => r.query);
    expect(queries[0]).toContain("task_name=149751000000");
    expect(queries[1]).toContain("task_id=2459be350111d2da0f8dc010e0ac4c33");
    sim.resetLog();
    await client().listExportTasks();
    expect(sim.requests[0]?.query).not.toMatch(/task_(id|name)/);
  });

  it("refuses a wrong SK, a wrong domain ID and a project-level signature, naming the settings", async () => {
    const unsigned: AuthProvider[] = [
      signer({ sk: "not-the-secret-key-at-all-000000000000000" }),
      signer({ domainId: "ffffffffffffffffffffffffffffffff" }),
      // Signed like OMS (X-Project-Id, no X-Domain-Id): a global service refuses it.
      new AkSkProvider({
        ak: sim.credentials.ak,
        sk: sim.credentials.sk,
        projectId: sim.projectId,
        settings: "HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK and CDN_DOMAIN_ID",
        now: () => new Date(NOW),
      }),
    ];
    for (const auth of unsigned) {
      const e = await failure(client({ auth }).listExportTasks());
      expect(e.code).toBe("API_AUTH");
      expect(e.status).toBe(401);
      expect(e.userMessage).toContain("CDN refused the credentials");
      expect(e.userMessage).toContain("HUAWEICLOUD_SDK_AK");
      expect(e.userMessage).toContain("CDN_DOMAIN_ID");
    }
    // Refused at the gateway, never retried.
    expect(sim.requestCount({ path: "/export-tasks", status: 401 })).toBe(3);
  });

  it("says CDN is not available after retrying a 503, with CDN's own error code", async () => {
    sim.cdn.failNext("unavailable", 3);
    const e = await failure(client().listExportTasks());
    expect(e.code).toBe("API_UNAVAILABLE");
    expect(e.userMessage).toContain("CDN is not available right now");
    expect(e.userMessage).not.toContain("OMS");
    expect(e.apiCode).toBe("CDN.0001");
    expect(sim.requestCount({ status: 503 })).toBe(3);
  });

  it("rides over one 503 and one dropped connection", async () => {
    sim.cdn.failNext("unavailable", 1);
    sim.cdn.failNext("drop", 1);
    expect(await client().listExportTasks()).toHaveLength(5);
  });

  it("refuses an answer of the wrong shape without retrying it", async () => {
    sim.cdn.failNext("schemaBreak", 1);
    const e = await failure(client().listExportTasks());
    expect(e.code).toBe("API_BAD_ANSWER");
    expect(e.userMessage).toContain("CDN");
  });
});

describe("export task items", () => {
  const item = {
    task_id: "t1",
    task_name: "a",
    status: "success",
    download_link: "https://x.example/a.zip",
    create_time: 1,
    update_time: 2,
  };
  it("are lenient for what is only shown", () => {
    expect(exportTaskSchema.parse({ ...item, task_name: 149751000000 }).task_name).toBe(
      "149751000000",
    );
    expect(exportTaskSchema.parse({ ...item, task_name: { x: 1 } }).task_name).toBeNull();
    expect(exportTaskSchema.parse({ ...item, download_link: 7 }).download_link).toBe("7");
    const { task_name: _n, ...noName } = item;
    expect(exportTaskSchema.parse(noName).task_name).toBeNull();
  });
  it.each([
    ["task_id", { task_id: "" }],
    ["status", { status: undefined }],
    ["create_time", { create_time: "1675134803874" }],
    ["update_time", { update_time: -1 }],
  ])("are strict about %s", (_field, over) => {
    expect(exportTaskSchema.safeParse({ ...item, ...over }).success).toBe(false);
  });
});

describe("cdnFromConfig", () => {
  const env = {
    OMS_REGION: "cn-north-4",
    OMS_PROJECT_ID: "0b5c0fa1d2e34f56a7b8c9d0e1f2a3b4",
    HUAWEICLOUD_SDK_AK: "OMSBOTDEMOAK00000001",
    HUAWEICLOUD_SDK_SK: "omsbotDemoSecretKeyForTheLocalSimulator0",
  };
  const setup = (e: Record<string, string>) =>
    cdnFromConfig(loadConfig(e), { dispatcher, logger: silent });

  it("is on with AK/SK and CDN_DOMAIN_ID, signing with X-Domain-Id against CDN_ENDPOINT", async () => {
    // Real time on both sides here: the simulator checks the signature's date and the domain.
    const live = await startSimulator();
    try {
      const on = setup({ ...env, CDN_ENDPOINT: live.url, CDN_DOMAIN_ID: live.cdn.domainId });
      expect(on.kind).toBe("on");
      if (on.kind === "on") await expect(on.client.listExportTasks()).resolves.toHaveLength(5);
    } finally {
      await live.close();
    }
  });

  it("is off, saying why, without a domain ID or with a token login", () => {
    expect(setup(env)).toEqual({ kind: "off", reason: expect.stringContaining("CDN_DOMAIN_ID") });
    const token = { OMS_REGION: "cn-north-4", OMS_PROJECT_ID: env.OMS_PROJECT_ID };
    expect(
      setup({ ...token, OMS_AUTH_TOKEN: "t", CDN_DOMAIN_ID: "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f" }),
    ).toEqual({ kind: "off", reason: expect.stringContaining("HUAWEICLOUD_SDK_AK") });
  });
});

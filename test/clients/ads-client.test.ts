/** The ADS client against the simulator over loopback HTTP: auth, paging, errors, secrets. */
import pino from "pino";
import { Agent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { ADS_LIST_TASKS, AdsClient } from "../../src/clients/ads/client.ts";
import { adsListSchema, adsTaskSchema } from "../../src/clients/ads/schemas.ts";
import { AdsHmacProvider, adsSignature, signAds } from "../../src/clients/auth/ads-hmac.ts";
import { isOmsbotError, type OmsbotError } from "../../src/errors.ts";
import { adsClientFor } from "../../src/simulator/ads-client.ts";
import { ADS_CANARY_AK, ADS_CANARY_SK } from "../../src/simulator/ads-tasks.ts";
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../src/simulator/server.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 3, 7);
let sim: Simulator | undefined;
const dispatcher = new Agent();
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function setup(
  simOptions: SimulatorOptions = {},
  clientOptions: Partial<Parameters<typeof adsClientFor>[1]> = {},
) {
  const lines: string[] = [];
  const logger = pino({ level: "trace" }, { write: (l: string) => void lines.push(l) });
  return startSimulator({ now: () => NOW, ...simOptions }).then((s) => {
    sim = s;
    const client: AdsClient = adsClientFor(s, {
      dispatcher,
      logger,
      now: () => NOW,
      signingClock: () => new Date(NOW),
      sleep: async () => {},
      backoff: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      ...clientOptions,
    });
    return { sim: s, client, lines };
  });
}

async function failure(p: Promise<unknown>): Promise<OmsbotError> {
  try {
    await p;
  } catch (e) {
    if (isOmsbotError(e)) return e;
    throw e;
  }
  throw new Error("expected a failure");
}

describe("ADS HMAC signing", () => {
  it("signs x-date as the api-notes formula says", () => {
    const h = signAds({ ak: "AK1", sk: "SK1" }, new Date(NOW));
    expect(h["x-date"]).toBe("Sun, 22 Nov 2026 12:03:07 GMT");
    // Computed outside Node: printf 'x-date: …' | openssl dgst -sha256 -hmac SK1 -binary | base64
    const expected = "h5OB/MfKbOjLjk98t77+LWv+CVvxP86tkZ3rLKF5JMg=";
    expect(adsSignature("SK1", "Sun, 22 Nov 2026 12:03:07 GMT")).toBe(expected);
    expect(h.authorization).toBe(
      `hmac accesskey="AK1", algorithm="hmac-sha256", headers="x-date", signature="${expected}"`,
    );
  });
});

describe("ADS answer schema", () => {
  it("reads a sparse proto3 answer: every field but task_id left out, int64 as strings", () => {
    const t = adsTaskSchema.parse({ task_id: "x" });
    expect(t).toMatchObject({ id: "x", name: "", state: "UNKNOWN", percent: null, started: null });
    expect(t.sources).toEqual([]);
    const list = adsListSchema.parse({ page: { total: "3" } });
    expect(list.page?.total).toBe(3);
    expect(adsListSchema.parse({}).data_sync_task).toBeUndefined();
  });

  it("keeps no key of src_third_info but type, host and path", () => {
    const t = adsTaskSchema.parse({
      task_id: "x",
      src_third_info: { type: "S3", host: "h", path: "p", ak: "A", sk: "S", extra: "E" },
    });
    expect(t.thirdParty).toEqual({ type: "S3", host: "h", path: "p" });
  });
});

describe("ADS client", () => {
  it("lists every task across pages, signed, and the simulator checked the signature", async () => {
    const { client, sim: s } = await setup({ ads: { maxPageSize: 3 } }, { pageSize: 3 });
    const tasks = await client.listTasks();
    const names = tasks.map((t) => t.name).sort();
    // coco-mirror and old-archive ended over a day ago: they are history.
    expect(names).toEqual([
      "ckpt-backup",
      "fs-export-checkpoints",
      "imagenet-train-sync",
      "laion-scan",
      "oss-import-raw",
      "verify-pass",
    ]);
    expect(s.ads.log.map((e) => e.status)).toEqual([200, 200]);
    expect(s.ads.log.map((e) => (e.body as { page: { page: number } }).page.page)).toEqual([1, 2]);
    expect(ADS_LIST_TASKS.suffix).toBe("/tasks:list");
  });

  it("asks for history and keywords in the body", async () => {
    const { client, sim: s } = await setup();
    const history = await client.listTasks({ history: true });
    expect(history.map((t) => t.name).sort()).toEqual(["coco-mirror", "old-archive"]);
    const byName = await client.listTasks({ nameKeyword: "IMAGENET" });
    expect(byName.map((t) => t.name)).toEqual(["imagenet-train-sync"]);
    const byType = await client.listTasks({ typeKeyword: "FSTOFS" });
    expect(byType.map((t) => t.name)).toEqual(["ckpt-backup"]);
    expect(s.ads.log[0]?.body).toMatchObject({ is_history: true });
  });

  it("reads the task fields: seconds as strings, states as they came", async () => {
    const { client } = await setup();
    const tasks = await client.listTasks();
    const train = tasks.find((t) => t.name === "imagenet-train-sync");
    expect(train).toMatchObject({
      state: "DOING",
      type: "AOSSTOFS",
      sizeUnit: "TB",
      size: 1.4,
      totalNum: 1_281_167,
      started: NOW - 3 * 3_600_000 - (NOW % 1000),
      ended: null,
      percent: 25,
      rate: "33.2MB/s",
    });
    expect(train?.sources[0]?.name).toBe("aoss-imagenet");
    expect(train?.destination?.prefix).toBe("/datasets/imagenet/");
    expect(tasks.find((t) => t.name === "verify-pass")?.state).toBe("VERIFYING");
  });

  it("reads times sent as ms numbers the same way", async () => {
    const { client } = await setup({ ads: { format: { times: "milliseconds", int64: "number" } } });
    const train = (await client.listTasks()).find((t) => t.name === "imagenet-train-sync");
    expect(train?.started).toBe(NOW - 3 * 3_600_000);
    expect(train?.totalNum).toBe(1_281_167);
  });

  it("drops src_third_info.ak/sk while parsing: not in the result, not in any log line", async () => {
    const { client, lines, sim: s } = await setup();
    s.ads.failNext("unavailable");
    const tasks = await client.listTasks();
    const oss = tasks.find((t) => t.name === "oss-import-raw");
    // The simulator did send them: the test would prove nothing otherwise.
    expect(oss?.thirdParty).toEqual({
      type: "OSS",
      host: "oss-cn-hangzhou.aliyuncs.com",
      path: "raw-bucket/2026/",
    });
    const all = JSON.stringify(tasks);
    expect(all).not.toContain(ADS_CANARY_AK);
    expect(all).not.toContain(ADS_CANARY_SK);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain(ADS_CANARY_AK);
      expect(line).not.toContain(ADS_CANARY_SK);
    }
  });

  it("wrong keys: a coded error naming ADS_AK / ADS_SK, not retried", async () => {
    const { sim: s } = await setup();
    const client = adsClientFor(s, {
      dispatcher,
      logger: pino({ level: "silent" }),
      auth: new AdsHmacProvider({ ak: s.ads.ak, sk: "wrong", now: () => new Date(NOW) }),
    });
    const e = await failure(client.listTasks());
    expect(e.code).toBe("API_AUTH");
    expect(e.userMessage).toContain("ADS_AK");
    expect(e.userMessage).toContain("ADS_SK");
    expect(e.detail).toContain("signature mismatch");
    expect(s.ads.log).toHaveLength(1);
  });

  it("a signing clock 20 minutes off is refused as the simulator's skew rule says", async () => {
    const { client } = await setup({}, { signingClock: () => new Date(NOW - 20 * 60_000) });
    const e = await failure(client.listTasks());
    expect(e.code).toBe("API_AUTH");
    expect(e.detail).toContain("too far");
    const { client: ok } = await setup({}, { signingClock: () => new Date(NOW - 10 * 60_000) });
    await expect(ok.listTasks()).resolves.toHaveLength(6);
  });

  it("outage: 'SenseCore ADS is not available right now', after retries", async () => {
    const { client, sim: s } = await setup();
    s.ads.down = true;
    const e = await failure(client.listTasks());
    expect(e.code).toBe("API_UNAVAILABLE");
    expect(e.userMessage).toContain("SenseCore ADS is not available right now");
    expect(e.detail).toContain("rpc 14");
    expect(s.ads.log).toHaveLength(3);
  });

  it("a dropped connection reads as the same outage; one blip is retried away", async () => {
    const { client, sim: s } = await setup(
      {},
      { backoff: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } },
    );
    s.ads.failNext("drop");
    const e = await failure(client.listTasks());
    expect(e.userMessage).toContain("SenseCore ADS is not available right now");
    const { client: retrying, sim: s2 } = await setup();
    s2.ads.failNext("internal");
    await expect(retrying.listTasks()).resolves.toHaveLength(6);
  });

  it("a wrong data-sync name is NOT_FOUND naming the settings", async () => {
    const { sim: s } = await setup();
    const client = new AdsClient({
      endpoint: s.url,
      subscription: s.ads.subscription,
      resourceGroup: s.ads.resourceGroup,
      zone: s.ads.zone,
      dataSync: "nope",
      auth: new AdsHmacProvider({ ak: s.ads.ak, sk: s.ads.sk, now: () => new Date(NOW) }),
      dispatcher,
      logger: pino({ level: "silent" }),
    });
    const e = await failure(client.listTasks());
    expect(e.code).toBe("API_NOT_FOUND");
    expect(e.userMessage).toContain("ADS_DATA_SYNC");
  });
});

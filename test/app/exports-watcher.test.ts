/**
 * `alert add exports` end to end: the rule added through the command runner, the real CDN client
 * against the simulator (auth checked there), the real store (memory, or a file reopened as a
 * restart would), and a chat that records and can crash on cue (alert-harness.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { Agent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { CdnPort } from "../../src/app/cdn-port.ts";
import { EXPORT_EVENT_TYPE, ExportWatcher } from "../../src/app/exports/export-watcher.ts";
import type { StateStore } from "../../src/app/ports.ts";
import { cdnClientFor } from "../../src/simulator/cdn-client.ts";
import type { SimulatorOptions } from "../../src/simulator/server.ts";
import { openFileStore } from "../../src/store/file-store.ts";
import { createMemoryStore } from "../../src/store/memory-store.ts";
import { type AlertWorld, startAlertWorld } from "./alert-harness.ts";

const T0 = Date.UTC(2026, 10, 22, 12, 3, 7);
const MIN = 60_000;
const logger = pino({ level: "silent" });
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setUp(store: StateStore, opts: Omit<SimulatorOptions, "now"> = {}) {
  const w = await startAlertWorld({ store, start: T0, sim: opts });
  const dispatcher = new Agent();
  closers.push(
    () => w.close(),
    () => dispatcher.close(),
  );
  const cdn = cdnClientFor(w.sim, {
    dispatcher,
    logger,
    now: () => w.clock.now,
    signingNow: () => new Date(w.clock.now),
    sleep: async () => {},
    backoff: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    deadlineMs: 5_000,
  });
  const watcher = (s: StateStore = store, port: CdnPort | undefined = cdn) =>
    new ExportWatcher({
      ...(port ? { cdn: port } : {}),
      store: s,
      outbound: w.chat,
      logger,
      tz: "UTC",
    });
  return { w, cdn, watcher };
}

const notices = (w: AlertWorld) =>
  w.chat.of("root").filter((p) => p.metadata?.eventType === EXPORT_EVENT_TYPE);

/** Polls every minute from now to `until`, as the alert job would (more often, to be strict). */
async function pollUntil(w: AlertWorld, watcher: ExportWatcher, until: number) {
  while (w.clock.now < until) {
    w.clock.now += MIN;
    await watcher.check(w.clock.now);
  }
}

describe("alert add exports", () => {
  it("tells once when the demo task finishes a minute later, never the ones finished before", async () => {
    const store = createMemoryStore();
    const { w, watcher } = await setUp(store);
    const added = await w.run("alert add exports");
    expect(added.isError).toBe(false);
    expect(added.text).toContain("CDN export");
    const x = watcher();
    expect(await x.check(w.clock.now)).toMatchObject({ rules: 1, told: 0 });
    await pollUntil(w, x, T0 + 10 * MIN);
    const told = notices(w);
    expect(told).toHaveLength(1);
    expect(told[0]?.channelId).toBe("COPS");
    expect(told[0]?.text).toContain("requests-daily");
    expect(told[0]?.text).toMatch(
      /<https:\/\/cdn-export\.example\.com\/statistics\/\S+\|download>/,
    );
    // Finished before the rule (a success, a failure, the seed's numeric one): never told.
    for (const old of ["traffic-monthly", "bandwidth-weekly", "149751000000"]) {
      expect(w.chat.log.some((p) => p.text.includes(old))).toBe(false);
    }
  });

  it("tells a failure without a link", async () => {
    const store = createMemoryStore();
    const { w, watcher } = await setUp(store, {
      cdn: {
        extraTasks: [
          {
            task_id: "f41150000000000000000000000000aa",
            task_name: "hits-hourly",
            create_time: T0 - MIN,
            finishAt: T0 + 3 * MIN,
            outcome: "fail",
          },
        ],
      },
    });
    await w.run("alert add exports");
    await pollUntil(w, watcher(), T0 + 5 * MIN);
    const failed = notices(w).find((p) => p.text.includes("hits-hourly"));
    expect(failed?.text).toContain("failed");
    expect(failed?.text).not.toContain("download");
  });

  it("tells once across a restart, also after a crash between posting and recording", async () => {
    const dir = await mkdtemp(join(tmpdir(), "omsbot-exports-"));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    let store = await openFileStore({ dir, logger });
    const { w, watcher } = await setUp(store);
    await w.run("alert add exports");
    w.chat.crashAfterNextPost = true;
    await pollUntil(w, watcher(store), T0 + 2 * MIN);
    expect(notices(w)).toHaveLength(1); // it reached the channel; the record did not
    await store.close();

    store = await openFileStore({ dir, logger });
    await pollUntil(w, watcher(store), T0 + 6 * MIN);
    await store.close();
    store = await openFileStore({ dir, logger });
    await pollUntil(w, watcher(store), T0 + 8 * MIN);
    expect(notices(w)).toHaveLength(1);
    await store.close();
  });

  it("waits out CDN and Slack outages, then tells once", async () => {
    const store = createMemoryStore();
    const { w, watcher } = await setUp(store);
    await w.run("alert add exports");
    const x = watcher();
    w.sim.cdn.setFaults({ errorRate: 1 });
    w.clock.now = T0 + 2 * MIN;
    expect(await x.check(w.clock.now)).toMatchObject({ cdnDown: true, told: 0 });
    w.sim.cdn.setFaults({});
    w.chat.failNext = 1;
    expect(await x.check(w.clock.now)).toMatchObject({ cdnDown: false, told: 0 });
    expect(await x.check(w.clock.now)).toMatchObject({ told: 1 });
    expect(await x.check(w.clock.now)).toMatchObject({ told: 0 });
    expect(notices(w)).toHaveLength(1);
  });

  it("tells each rule's channel, and not at all without CDN configured", async () => {
    const store = createMemoryStore();
    const { w, watcher } = await setUp(store);
    await w.run("alert add exports");
    await w.run("alert add exports in <#CMIG|migrations>");
    const off = new ExportWatcher({ store, outbound: w.chat, logger, tz: "UTC" });
    w.clock.now = T0 + 2 * MIN;
    expect(await off.check(w.clock.now)).toMatchObject({ rules: 2, told: 0 });
    await watcher().check(w.clock.now);
    expect(
      notices(w)
        .map((p) => p.channelId)
        .sort(),
    ).toEqual(["CMIG", "COPS"]);
  });

  it("is not evaluated as an OMS alert, and `alert remove` stops it", async () => {
    const store = createMemoryStore();
    const { w, watcher } = await setUp(store);
    await w.run("alert add exports");
    const report = await w.service().evaluate(w.clock.now);
    expect(report).toMatchObject({ opened: 0, statisticsCalls: 0 });
    expect(await store.list("incidents")).toEqual([]);
    const [rule] = await store.list("rules");
    await w.run(`alert remove ${rule?.id ?? "?"}`);
    await pollUntil(w, watcher(), T0 + 3 * MIN);
    expect(notices(w)).toHaveLength(0);
  });
});

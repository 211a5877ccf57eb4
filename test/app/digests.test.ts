/**
 * Daily digests through the app layer: the simulator (real OMS client), the store, a recording
 * chat and charts, and the test's clock. Checks are made the way the scheduler runs them: a
 * catch-up at every 5-minute poll.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { DigestService } from "../../src/app/digests/digest-service.ts";
import type { StateStore } from "../../src/app/ports.ts";
import type { DigestSpec } from "../../src/core/alert-model.ts";
import { formatZoned } from "../../src/core/zoned-time.ts";
import { openFileStore } from "../../src/store/file-store.ts";
import { createMemoryStore } from "../../src/store/memory-store.ts";
import { LocalRunClaims } from "../../src/store/run-claims.ts";
import { type AlertWorld, startAlertWorld } from "./alert-harness.ts";

const MIN = 60_000;
const logger = pino({ level: "silent" });
let world: AlertWorld | undefined;
let dir: string | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function spec(over: Partial<DigestSpec> = {}): DigestSpec {
  return {
    id: "d1",
    channelId: "CMIG",
    hour: 9,
    minute: 0,
    tz: "Europe/Berlin",
    tasks: { all: true },
    createdBy: "UALICE",
    createdAt: Date.UTC(2026, 0, 1),
    ...over,
  };
}

function service(w: AlertWorld, store: StateStore): DigestService {
  return new DigestService({
    oms: w.oms,
    store,
    outbound: w.chat,
    charts: w.charts,
    claims: new LocalRunClaims(),
    logger,
  });
}

/** Polls every 5 minutes from `from` to `to`, as the alert job's catch-up does. */
async function poll(w: AlertWorld, digests: DigestService, from: number, to: number) {
  for (let t = from; t <= to; t += 5 * MIN) {
    w.clock.now = t;
    await digests.catchUp(t);
  }
}

describe("daily digests", () => {
  it("are posted exactly once a day at 09:00 local, across both DST changes", async () => {
    const store = createMemoryStore();
    const spring = Date.UTC(2026, 2, 28, 6, 0); // Sat 28 March, the night before clocks go forward
    world = await startAlertWorld({ store, start: spring });
    const w = world;
    await store.put("digests", spec());
    const digests = service(w, store);
    await poll(w, digests, spring, spring + 3 * 24 * 60 * MIN);
    expect(w.chat.of("root")).toHaveLength(3);
    // Each went out at 09:00 Berlin time, whatever the offset that day.
    const postedAt = async (...days: string[]) => {
      const out: string[] = [];
      for (const day of days) {
        const c = await store.claimed(`digest:d1:${day}`);
        out.push(c ? formatZoned(c.at, "Europe/Berlin", "time") : "missing");
      }
      return out;
    };
    expect(await postedAt("2026-03-28", "2026-03-29", "2026-03-30")).toEqual([
      "09:00",
      "09:00",
      "09:00",
    ]);
    const autumn = Date.UTC(2026, 9, 24, 6, 0); // Sat 24 October, the night before they go back
    w.chat.log.length = 0;
    await poll(w, digests, autumn, autumn + 3 * 24 * 60 * MIN);
    expect(w.chat.of("root")).toHaveLength(3);
    expect(await postedAt("2026-10-24", "2026-10-25", "2026-10-26")).toEqual([
      "09:00",
      "09:00",
      "09:00",
    ]);
  });

  it("are posted once per day across a restart, and a crash between post and record posts nothing twice", async () => {
    dir = await mkdtemp(join(tmpdir(), "omsbot-digest-"));
    let store = await openFileStore({ dir, logger });
    const nine = Date.UTC(2026, 10, 30, 8, 0); // 09:00 in Berlin (UTC+1)
    world = await startAlertWorld({ store, start: nine });
    const w = world;
    await store.put("digests", spec());
    expect(await service(w, store).postIfDue(spec(), nine + MIN)).toBe("posted");
    await store.close();
    store = await openFileStore({ dir, logger });
    expect(await service(w, store).postIfDue(spec(), nine + 10 * MIN)).toBe("skipped");
    expect(w.chat.of("root")).toHaveLength(1);
    // Posted the next day, but the record was lost (the process died before it was written).
    const next = nine + 24 * 60 * MIN;
    await service(w, store).postIfDue(spec(), next);
    await store.close();
    const path = join(dir, "state.json");
    const state = JSON.parse(await readFile(path, "utf8")) as { ledger: Record<string, unknown> };
    expect(state.ledger["digest:d1:2026-12-01"]).toBeDefined();
    delete state.ledger["digest:d1:2026-12-01"];
    await writeFile(path, JSON.stringify(state));
    store = await openFileStore({ dir, logger });
    expect(await service(w, store).postIfDue(spec(), next + 5 * MIN)).toBe("skipped");
    expect(w.chat.of("root")).toHaveLength(2);
    await store.close();
  });

  it("missed while the bot was down: posted late the same local day, saying so", async () => {
    const store = createMemoryStore();
    const eleven = Date.UTC(2026, 10, 30, 10, 0); // 11:00 in Berlin
    world = await startAlertWorld({ store, start: eleven });
    const w = world;
    await store.put("digests", spec());
    await service(w, store).catchUp(eleven);
    const [late] = w.chat.of("root");
    expect(late?.all).toMatch(/late/i);
    // The next local day is a new day: nothing for yesterday is posted then.
    w.clock.now = eleven + 12 * 60 * MIN;
    await service(w, store).catchUp(w.clock.now);
    expect(w.chat.of("root")).toHaveLength(1);
  });

  it("covers 200 tasks with 10% of their statistics failing: the digest still goes out", async () => {
    const store = createMemoryStore();
    const down = Array.from(
      { length: 20 },
      (_, i) => `bulk-${String(i * 10 + 1).padStart(3, "0")}`,
    );
    const nine = Date.UTC(2026, 10, 30, 8, 1);
    world = await startAlertWorld({
      store,
      start: nine,
      sim: { bulkTasks: 194, statisticsDown: down },
    });
    const w = world;
    expect(w.sim.tasks).toHaveLength(200);
    await service(w, store).post(spec(), nine);
    const [root] = w.chat.of("root");
    expect(root?.text).toContain("200 tasks");
    expect(root?.all).toContain("Statistics unavailable for 20 tasks");
    const chart = w.charts.digests[0];
    expect(chart?.rows).toHaveLength(20);
    expect(chart?.more).toBe(180);
    expect(w.chat.of("upload")[0]?.thread).toBe(root?.ts);
  });
});

/** The progress recorder against the simulator (and a fake port for what the simulator cannot do). */
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { AdsProgressRecorder } from "../../src/app/ads/progress-recorder.ts";
import type { AdsPort } from "../../src/app/ads-port.ts";
import type { AdsTask } from "../../src/core/ads-domain.ts";
import { OmsbotError } from "../../src/errors.ts";
import { createMemoryStore } from "../../src/store/memory-store.ts";
import { type AlertWorld, MIN, startAlertWorld, T0 } from "./alert-harness.ts";

const NOW = T0 + 3 * MIN;
const DAY = 24 * 60 * MIN;
let world: AlertWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("AdsProgressRecorder", () => {
  it("stores each listed task's counts at each poll", async () => {
    world = await startAlertWorld({ start: NOW });
    const w = world;
    for (let i = 0; i < 3; i++) {
      w.clock.now = NOW + i * 5 * MIN;
      expect(await w.recorder.record(w.clock.now)).toEqual({ ok: true, recorded: 6, pruned: 0 });
    }
    const train = await w.store.get("adsProgress", "ads-7a1c0e52-train");
    expect(train?.samples.map((s) => s.t)).toEqual([NOW, NOW + 5 * MIN, NOW + 10 * MIN]);
    expect(train?.samples[0]).toEqual({ t: NOW, percent: 25, complete: 320_292, total: 1_281_167 });
    expect((train?.samples[2]?.percent ?? 0) > 25).toBe(true);
  });

  it("ADS down: reported and logged, never thrown, nothing stored", async () => {
    world = await startAlertWorld({ start: NOW });
    world.sim.ads.down = true;
    expect(await world.recorder.record(NOW)).toEqual({ ok: false, code: "API_UNAVAILABLE" });
    expect(await world.store.list("adsProgress")).toEqual([]);
    expect(world.lines.some((l) => l.includes("ADS progress not recorded"))).toBe(true);
  });

  it("a finished task is not sampled again while it stays the same; a gone one is pruned after 14 days", async () => {
    const base = {
      name: "",
      type: "",
      sources: [],
      destination: null,
      thirdParty: null,
      size: null,
    };
    const more = { sizeUnit: null, started: null, ended: null, created: null, rate: null };
    const rest = { timeCost: null, errMsg: null, existNum: 0, totalNum: 10 };
    let tasks: AdsTask[] = [
      { id: "done", state: "COMPLETED", percent: 100, completeNum: 10, ...base, ...more, ...rest },
    ];
    const port: AdsPort = { listTasks: async () => tasks };
    const store = createMemoryStore();
    const recorder = new AdsProgressRecorder(port, store, pino({ level: "silent" }));
    await recorder.record(NOW);
    await recorder.record(NOW + 5 * MIN);
    expect((await store.get("adsProgress", "done"))?.samples).toHaveLength(1);
    tasks = [];
    await recorder.record(NOW + DAY);
    expect(await store.get("adsProgress", "done")).toBeDefined();
    expect(await recorder.record(NOW + 15 * DAY)).toEqual({ ok: true, recorded: 0, pruned: 1 });
    expect(await store.get("adsProgress", "done")).toBeUndefined();
  });

  it("a store that fails is reported, not thrown", async () => {
    const store = createMemoryStore();
    store.update = async () => {
      throw new OmsbotError("STATE_UNAVAILABLE", "store down");
    };
    const port: AdsPort = {
      listTasks: async () => [
        {
          id: "x",
          name: "x",
          type: "",
          state: "DOING",
          sources: [],
          destination: null,
          thirdParty: null,
          size: null,
          sizeUnit: null,
          started: null,
          ended: null,
          created: null,
          percent: 1,
          rate: null,
          timeCost: null,
          errMsg: null,
          totalNum: 1,
          completeNum: 0,
          existNum: 0,
        },
      ],
    };
    const recorder = new AdsProgressRecorder(port, store, pino({ level: "silent" }));
    expect(await recorder.record(NOW)).toEqual({ ok: false, code: "STATE_UNAVAILABLE" });
  });
});

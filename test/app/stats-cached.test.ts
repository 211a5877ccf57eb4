/** `stats` through the runner with the bot's stats cache: the same question within a minute. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StatsCache } from "../../src/app/stats-cache.ts";
import type { Reply } from "../../src/core/reply.ts";
import { ctx, NOW, type SimRunner, startSimRunner } from "./sim-runner.ts";

let world: SimRunner;
beforeAll(async () => {
  world = await startSimRunner({}, {}, { statsCache: new StatsCache<Reply>({ now: () => NOW }) });
});
afterAll(async () => {
  await world.close();
});

describe("stats with the cache", () => {
  it("answers the same request again without asking OMS or drawing, and a different one afresh", async () => {
    const statistics = () => world.sim.requestCount({ path: "/statistics" });
    const first = await world.runner.run("stats nightly-backup last 6h", ctx());
    const calls = statistics();
    const again = await world.runner.run("stats nightly-backup last 6h", ctx());
    expect(again.text).toBe(first.text);
    expect(statistics()).toBe(calls);
    expect(world.charts).toHaveLength(1);
    await world.runner.run("stats nightly-backup last 6h types failure", ctx());
    expect(statistics()).toBeGreaterThan(calls);
    expect(world.charts).toHaveLength(2);
  });
});

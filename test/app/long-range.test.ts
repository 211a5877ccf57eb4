/**
 * `stats <task> last 7d` through the runner, under each reading of end_time (api-notes: not
 * documented) and with a server that refuses a window over its points limit (400 OMS.0003):
 * the series charted must be the simulator's own, five-minute interval by interval.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intervalCounts } from "../../src/simulator/series.ts";
import type { SimulatorOptions } from "../../src/simulator/server.ts";
import { ctx, NOW, type SimRunner, startSimRunner } from "./sim-runner.ts";

const FIVE_MIN = 300_000;
const DAY = 86_400_000;

describe.each<[string, SimulatorOptions]>([
  ["end_time exclusive", {}],
  ["end_time inclusive", { endInclusive: true }],
  [
    "end_time inclusive, 400 OMS.0003 past 1000 points",
    { endInclusive: true, tooManyPoints: "reject" },
  ],
  ["OMS.0003 past 100 points", { maxPoints: 100, tooManyPoints: "reject" }],
  [
    "end_time inclusive, OMS.0003 past 100 points",
    { endInclusive: true, maxPoints: 100, tooManyPoints: "reject" },
  ],
])("stats … last 7d, %s", (_label, options) => {
  let h: SimRunner;
  beforeAll(async () => {
    h = await startSimRunner(options);
  });
  afterAll(() => h.close());

  it("charts every five-minute interval once, as the simulator has it", async () => {
    const r = await h.runner.run("stats nightly-backup last 7d", ctx());
    expect(r.isError).toBeFalsy();
    const chart = h.charts.at(-1);
    expect(chart?.granularity).toBe("FIVE_MINUTES");
    const start = chart?.range.start ?? 0;
    expect(start % FIVE_MIN).toBe(0);
    expect(start).toBeLessThanOrEqual(NOW - 7 * DAY);
    const task = h.sim.tasks.find((t) => t.name === "nightly-backup");
    if (!task) throw new Error("no nightly-backup");
    const expected: Array<{ t: number; v: number }> = [];
    for (let t = start; t + FIVE_MIN <= NOW; t += FIVE_MIN) {
      const c = intervalCounts(task, t);
      if (c) expected.push({ t, v: c.FAILURE });
    }
    expect(expected.length).toBeGreaterThan(2000);
    expect(chart?.series.FAILURE).toEqual(expected);
    const requested = expected.reduce((a, p) => a + (intervalCounts(task, p.t)?.REQUEST ?? 0), 0);
    const field = r.blocks
      .flatMap((b) => (b.kind === "fields" ? b.fields : []))
      .find((f) => f.label === "Requested");
    expect(field?.value).toBe(requested.toLocaleString("en-US"));
  });
});

import { Worker } from "node:worker_threads";
import { RenderPool, type RenderPoolOptions } from "../../src/render/pool.ts";
import { statsInput } from "./fixtures.ts";

export type StandInMode = "render" | "never-ready" | "exit-at-start";

const STAND_IN = new URL("./stand-in-worker.mjs", import.meta.url);

/**
 * A pool whose n-th started worker behaves as `plan[n]` ("render" past the plan's end);
 * `started` records what was started, in order.
 */
export function standInPool(plan: readonly StandInMode[], opts: RenderPoolOptions = {}) {
  const started: StandInMode[] = [];
  // The base constructor starts workers before a subclass's fields exist: state lives here.
  class StandInPool extends RenderPool {
    protected override startWorker(): Worker {
      const mode = plan[started.length] ?? "render";
      started.push(mode);
      return new Worker(STAND_IN, { workerData: { mode } });
    }
  }
  return { pool: new StandInPool(opts), started };
}

/** A chart job the "render" stand-in answers by ending its thread or spinning forever. */
export function testJob(kind: "crash" | "hang") {
  return { ...statsInput(72), title: kind };
}

import type { StatsChartInput } from "../core/chart-input.ts";

/** Messages between the pool and a render worker (structured-clone safe). */

export type WorkerJob = { id: number; kind: "stats"; input: StatsChartInput };

export type WorkerReply =
  /** Sent once the worker has loaded vega and resvg; jobs are only given to ready workers. */
  | { ready: true }
  /** `png` is the transferred buffer of exactly the PNG's bytes. */
  | { id: number; ok: true; png: ArrayBuffer }
  | { id: number; ok: false; detail: string };

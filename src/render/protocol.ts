import type { IncidentChartInput, StatsChartInput } from "../core/chart-input.ts";
import type { DigestChartInput } from "../core/digest-chart-input.ts";

/** Messages between the pool and a render worker (structured-clone safe). */

/** What a job asks for, by chart kind; the worker draws it with the matching renderer method. */
export type ChartRequest =
  | { kind: "stats"; input: StatsChartInput }
  | { kind: "incident"; input: IncidentChartInput }
  | { kind: "digest"; input: DigestChartInput };

export type WorkerJob = { id: number } & ChartRequest;

export type WorkerReply =
  /** Sent once the worker has loaded vega and resvg; jobs are only given to ready workers. */
  | { ready: true }
  /** `png` is the transferred buffer of exactly the PNG's bytes. */
  | { id: number; ok: true; png: ArrayBuffer }
  | { id: number; ok: false; detail: string };

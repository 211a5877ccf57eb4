import { availableParallelism } from "node:os";

/**
 * A chart's garbage is a few MB (the dataflow's tuples, the SVG string); V8 sizes a worker's
 * young generation from the machine's memory (tens of MB on 24 GiB) and keeps it resident. The
 * bot's peak RSS over 100 concurrent charts (bench/bot-process.ts, 1 worker): 434–452 MB by
 * default, 371–390 MB at 8 MB, 389–397 MB at 4 MB; chart times alike within the noise. node's
 * `--max-semi-space-size` overrides this in every isolate: `npm run start:dist` passes 4, which
 * is the same 8 MB (two 4 MB semi-spaces), and gives the main thread that size too.
 */
const YOUNG_GENERATION_MB = 8;

export interface RenderPoolOptions {
  /**
   * Workers; default one per two cores (at least one). A worker keeps about two cores busy: its
   * JS thread runs one chart's dataflow while others rasterise and deflate on libuv's threads
   * (see jobsPerWorker). One worker on 2 cores: 23 charts/s against 19 for two workers of one
   * job each, ready ~0.8 s after start against ~1.05 s, and one V8 heap fewer (~55 MB).
   */
  size?: number;
  /** A job running longer than this fails and its worker is replaced. Default 20 s. */
  jobTimeoutMs?: number;
  /**
   * A worker not ready this long after it was started is ended and replaced. Default 20 s: a
   * worker loads vega and tsx in 1–2 s here even on a busy machine.
   */
  startTimeoutMs?: number;
  /**
   * A job still waiting for a worker this long after it was asked for fails. Default 45 s: room
   * for one stuck start-up to be replaced; a normal burst (8 charts on 2 workers) waits ~2 s.
   */
  queueTimeoutMs?: number;
  /** After repeated failed start-ups, how long to wait before starting workers again. Default 30 s. */
  restartDelayMs?: number;
  /**
   * Heap cap per worker (MB); a worker that exceeds it dies and is replaced. Default 512. V8
   * also sizes its heap growth from it: at 512 the heap grows ~1.3× between full GCs, at 2048
   * ~4×. Measured (issue 11, 16-chart bursts of 2016 points on 2 cores): 2048 gave 25 charts/s
   * against 16–19, but the bot's peak RSS over 100 concurrent charts 417–429 MB against 339.
   * node's `--max-old-space-size` overrides it in every isolate (`npm run start:dist` passes
   * 512, the same, and caps the main thread alike).
   */
  maxHeapMb?: number;
  /**
   * Jobs given to one worker at once. Default 2: while one chart's dataflow and SVG run on the
   * worker's JS thread (~10 ms), the other rasterises and deflates on libuv's threads (~25 ms),
   * so one worker keeps 2 cores busy. bench/pool-shape.ts, 16-chart bursts side by side on 2
   * cores, 288 points: 1 worker × 3 jobs 44.7 charts/s, × 2 42.5, 2 workers × 1 39.2, × 2 40.5;
   * 2016 points on 2 workers, × 2 and × 3 alike (24.4 and 24.2/s). Each chart in flight holds
   * ~12 MB of native buffers (resvg's pixmap, its pixel copy, the PNG rows): the compiled bot's
   * peak RSS over 100 concurrent charts (`npm run start:dist`) was 288–293 MB at 3, 265–281 at 2,
   * chart p50 alike (issue 11).
   */
  jobsPerWorker?: number;
  /**
   * A worker is replaced after this many charts (its successor starts first, so no job waits
   * for a cold worker); 0, the default, keeps workers for good. It was 500 while RSS grew
   * with a reused View (likely vega's Relay, which keeps a lookup entry for every tuple it
   * ever saw: README). With the specs no longer deriving tuples, 4,000 charts (288 points, 8 in
   * flight, no MALLOC_ARENA_MAX) kept RSS flat without recycling (316 → 291 MB, 35.1 charts/s)
   * and grew it with recycling every 500 (305 → 351 MB, 31.3/s): each successor is a new V8
   * heap and vega load, and native memory fragments. 10,000 charts with MALLOC_ARENA_MAX=2 and
   * no recycling: 293 → 289 MB, 36.3/s.
   */
  recycleAfter?: number;
}

/** The options with their defaults applied: what the pool runs with. */
export type PoolSettings = Required<RenderPoolOptions> & { youngGenerationMb: number };

export function poolSettings(opts: RenderPoolOptions): PoolSettings {
  return {
    size: Math.max(1, opts.size ?? Math.floor(availableParallelism() / 2)),
    jobTimeoutMs: opts.jobTimeoutMs ?? 20_000,
    startTimeoutMs: opts.startTimeoutMs ?? 20_000,
    queueTimeoutMs: opts.queueTimeoutMs ?? 45_000,
    restartDelayMs: opts.restartDelayMs ?? 30_000,
    maxHeapMb: opts.maxHeapMb ?? 512,
    jobsPerWorker: Math.max(1, opts.jobsPerWorker ?? 2),
    recycleAfter: opts.recycleAfter ?? 0,
    youngGenerationMb: YOUNG_GENERATION_MB,
  };
}

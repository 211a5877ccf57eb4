import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ChartPort } from "../app/ports.ts";
import type { StatsChartInput } from "../core/chart-input.ts";
import type { OmsbotError } from "../errors.ts";
import { renderFailed } from "./failure.ts";
import type { WorkerInit, WorkerJob, WorkerReply } from "./protocol.ts";

export interface RenderPoolOptions {
  /** Workers; default min(2, cores). Two kept the main thread's longest stall near 10 ms. */
  size?: number;
  /** A job running longer than this fails and its worker is replaced. Default 20 s. */
  jobTimeoutMs?: number;
  /** Heap cap per worker (MB); a worker that exceeds it dies and is replaced. Default 512. */
  maxHeapMb?: number;
  /** Lets the worker honour the `crash`/`hang` test jobs. Never on in production. */
  testHooks?: boolean;
}

type JobBody = { kind: "stats"; input: StatsChartInput } | { kind: "crash" } | { kind: "hang" };

interface Job {
  id: number;
  body: JobBody;
  resolve: (png: Uint8Array) => void;
  reject: (e: OmsbotError) => void;
}

interface Slot {
  worker: Worker;
  /** Loaded and listening; a booting worker gets no job, so boot time never eats a timeout. */
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

/** After this many workers in a row die while starting, the pool gives up and fails jobs. */
const MAX_BOOT_FAILURES = 3;
/**
 * Under tsx or vitest this file is .ts and the worker needs tsx's loader (bootstrap .mjs);
 * in the compiled build the sibling worker.js runs directly.
 */
function workerEntry(): URL {
  return import.meta.url.endsWith(".ts")
    ? new URL("./worker-bootstrap.mjs", import.meta.url)
    : new URL("./worker.js", import.meta.url);
}

/**
 * Charts drawn on `worker_threads`: vega's dataflow, toSVG and PNG encoding are synchronous and
 * would block the main thread 0.2–1.1 s for a burst of charts (render-notes, "The event loop"),
 * and Slack wants its ack within 3 s. A job that crashes or outlives its timeout rejects with
 * RENDER_FAILED and the worker is replaced; nothing waits forever.
 */
export class RenderPool implements ChartPort {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly timeoutMs: number;
  private readonly init: WorkerInit;
  private readonly maxHeapMb: number;
  private nextId = 1;
  private closed = false;
  /** Workers that died before getting ready, in a row; a broken install must not respawn forever. */
  private bootFailures = 0;

  constructor(opts: RenderPoolOptions = {}) {
    const size = Math.max(1, opts.size ?? Math.min(2, availableParallelism()));
    this.timeoutMs = opts.jobTimeoutMs ?? 20_000;
    this.maxHeapMb = opts.maxHeapMb ?? 512;
    this.init = { testHooks: opts.testHooks ?? false };
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Workers alive now (a replaced worker counts once). */
  get size(): number {
    return this.slots.length;
  }

  /** Jobs waiting for a free worker. */
  get queued(): number {
    return this.queue.length;
  }

  renderStats(input: StatsChartInput): Promise<Uint8Array> {
    return this.submit({ kind: "stats", input });
  }

  /** Test only: a job that kills its worker (`crash`) or never answers (`hang`). */
  runTestJob(kind: "crash" | "hang"): Promise<Uint8Array> {
    return this.submit({ kind });
  }

  /** Fails queued and running jobs with RENDER_FAILED and ends every worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(renderFailed("render pool closed"));
    const ending = this.slots.map(async (slot) => {
      this.finish(slot)?.reject(renderFailed("render pool closed"));
      slot.worker.removeAllListeners();
      // An emitter without an "error" listener throws; a late error while ending is moot.
      slot.worker.on("error", () => {});
      await slot.worker.terminate();
    });
    this.slots.length = 0;
    await Promise.all(ending);
  }

  private submit(body: JobBody): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(renderFailed("render pool is closed"));
    return new Promise<Uint8Array>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, body, resolve, reject });
      this.dispatch();
    });
  }

  private spawn(): Slot {
    const worker = new Worker(workerEntry(), {
      workerData: this.init,
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
    });
    const slot: Slot = { worker, ready: false, job: undefined, timer: undefined };
    worker.on("message", (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on("error", (e) => this.replace(slot, renderFailed("render worker failed", e)));
    worker.on("exit", (code) => this.replace(slot, renderFailed(`render worker exited (${code})`)));
    if (this.queue.length === 0) worker.unref();
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || !slot.ready) continue;
      const job = this.queue.shift();
      if (!job) break;
      slot.job = job;
      slot.timer = setTimeout(() => {
        this.replace(slot, renderFailed(`render job timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const message: WorkerJob = { id: job.id, ...job.body };
      slot.worker.postMessage(message);
    }
    this.updateRefs();
  }

  /**
   * Workers hold the process open only while there is work: an idle pool must not keep a CLI
   * or a test run alive, but a job waiting for a booting worker must.
   */
  private updateRefs(): void {
    const waiting = this.queue.length > 0;
    for (const slot of this.slots) {
      if (slot.job || waiting) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  /** Detaches the slot's job (if any) and makes the slot idle. */
  private finish(slot: Slot): Job | undefined {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    return job;
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if ("ready" in reply) {
      slot.ready = true;
      this.bootFailures = 0;
      this.dispatch();
      return;
    }
    if (!slot.job || slot.job.id !== reply.id) return;
    const job = this.finish(slot);
    if (reply.ok) job?.resolve(new Uint8Array(reply.png));
    else job?.reject(renderFailed(reply.detail));
    this.dispatch();
  }

  /** The worker died or hung: fail its job, end it, and put a fresh worker in its place. */
  private replace(slot: Slot, error: OmsbotError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.finish(slot)?.reject(error);
    slot.worker.removeAllListeners();
    // The dead worker's error/exit must not reach the new slot; swallow its late events.
    slot.worker.on("error", () => {});
    void slot.worker.terminate();
    if (!slot.ready) this.bootFailures++;
    if (this.closed || this.bootFailures >= MAX_BOOT_FAILURES) {
      this.slots.splice(index, 1);
      if (this.slots.length === 0) {
        for (const job of this.queue.splice(0)) job.reject(error);
        this.closed = true;
      }
      return;
    }
    this.slots[index] = this.spawn();
    this.dispatch();
  }
}

import { Worker } from "node:worker_threads";
import type { AlertChartPort, ChartPort } from "../app/ports.ts";
import type { IncidentChartInput, StatsChartInput } from "../core/chart-input.ts";
import type { DigestChartInput } from "../core/digest-chart-input.ts";
import type { OmsbotError } from "../errors.ts";
import { renderFailed } from "./failure.ts";
import { type PoolSettings, poolSettings, type RenderPoolOptions } from "./pool-options.ts";
import { type ChartRequest, toWire, type WorkerJob, type WorkerReply } from "./protocol.ts";

export type { RenderPoolOptions };

interface Job {
  id: number;
  /** Put back in the queue once already: a worker died under it with other jobs in flight. */
  retried: boolean;
  request: ChartRequest;
  resolve: (png: Uint8Array) => void;
  reject: (e: OmsbotError) => void;
  /** Fails the job if it is still queued: it must not wait forever for a worker. */
  deadline: NodeJS.Timeout;
}

interface Running {
  job: Job;
  timer: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  /** Loaded, warmed up and listening; a booting worker gets no job, so boot time never eats a timeout. */
  ready: boolean;
  jobs: Map<number, Running>;
  /** The start-up timeout until ready. */
  timer: NodeJS.Timeout | undefined;
  /** Charts answered, for recycling. */
  done: number;
  /** Its successor is starting: it takes no new job and ends once its jobs are answered. */
  retiring: boolean;
}

/** After this many workers in a row fail to start, the pool pauses before trying again. */
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
 * and Slack wants its ack within 3 s. Nothing waits forever: a job that crashes its worker or
 * outlives its timeout, or waits too long for a worker, rejects with RENDER_FAILED; a worker
 * that dies or does not start in time is replaced, and the pool keeps its size.
 */
export class RenderPool implements ChartPort, AlertChartPort {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly s: PoolSettings;
  private nextId = 1;
  private closed = false;
  /** Workers that failed to start, in a row; a broken install must not respawn in a tight loop. */
  private bootFailures = 0;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(opts: RenderPoolOptions = {}) {
    this.s = poolSettings(opts);
    for (let i = 0; i < this.s.size; i++) this.slots.push(this.spawn());
  }

  /** Workers alive now, starting or ready (a replaced or retiring worker counts once). */
  get size(): number {
    return this.slots.filter((s) => !s.retiring).length;
  }

  /** At least one worker is loaded and can take a job (readiness: charts can be drawn now). */
  isReady(): boolean {
    return !this.closed && this.slots.some((s) => s.ready);
  }

  /** Jobs waiting for a free worker. */
  get queued(): number {
    return this.queue.length;
  }

  renderStats(input: StatsChartInput): Promise<Uint8Array> {
    return this.submit({ kind: "stats", input });
  }

  renderIncident(input: IncidentChartInput): Promise<Uint8Array> {
    return this.submit({ kind: "incident", input });
  }

  renderDigest(input: DigestChartInput): Promise<Uint8Array> {
    return this.submit({ kind: "digest", input });
  }

  /** Every chart kind waits in the one FIFO queue, in the order asked. */
  private submit(request: ChartRequest): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(renderFailed("render pool is closed"));
    if (this.broken()) {
      return Promise.reject(renderFailed("render workers keep failing to start"));
    }
    return new Promise<Uint8Array>((resolve, reject) => {
      const id = this.nextId++;
      const deadline = setTimeout(() => {
        const at = this.queue.findIndex((j) => j.id === id);
        if (at < 0) return;
        this.queue.splice(at, 1);
        reject(renderFailed(`no render worker free within ${this.s.queueTimeoutMs} ms`));
        this.updateRefs();
      }, this.s.queueTimeoutMs);
      this.queue.push({ id, request, resolve, reject, deadline, retried: false });
      this.dispatch();
    });
  }

  /** Fails queued and running jobs with RENDER_FAILED and ends every worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.restartTimer);
    this.failQueue(renderFailed("render pool closed"));
    const ending = this.slots.map(async (slot) => {
      for (const job of this.finish(slot)) job.reject(renderFailed("render pool closed"));
      slot.worker.removeAllListeners();
      // An emitter without an "error" listener throws; a late error while ending is moot.
      slot.worker.on("error", () => {});
      await slot.worker.terminate();
    });
    this.slots.length = 0;
    await Promise.all(ending);
  }

  /** Starts one render worker. Tests override this to start stand-ins that crash or hang. */
  protected startWorker(): Worker {
    return new Worker(workerEntry(), {
      resourceLimits: {
        maxOldGenerationSizeMb: this.s.maxHeapMb,
        maxYoungGenerationSizeMb: this.s.youngGenerationMb,
      },
    });
  }

  /**
   * Start-ups keep failing and no worker is alive until the restart delay is over: a job would
   * only wait for its deadline. A worker still starting may yet get ready, so jobs wait for it.
   */
  private broken(): boolean {
    return this.bootFailures >= MAX_BOOT_FAILURES && this.size === 0;
  }

  private failQueue(error: OmsbotError): void {
    for (const job of this.queue.splice(0)) {
      clearTimeout(job.deadline);
      job.reject(error);
    }
  }

  private spawn(): Slot {
    const worker = this.startWorker();
    const slot: Slot = {
      worker,
      ready: false,
      jobs: new Map(),
      timer: undefined,
      done: 0,
      retiring: false,
    };
    worker.on("message", (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on("error", (e) => this.replace(slot, renderFailed("render worker failed", e)));
    worker.on("exit", (code) => this.replace(slot, renderFailed(`render worker exited (${code})`)));
    slot.timer = setTimeout(() => {
      this.replace(slot, renderFailed(`render worker not ready after ${this.s.startTimeoutMs} ms`));
    }, this.s.startTimeoutMs);
    // Nothing to answer while no job waits; a waiting job refs the worker (updateRefs).
    slot.timer.unref();
    if (this.queue.length === 0) worker.unref();
    return slot;
  }

  /** Fills workers level by level: every free worker gets a first job before any gets a second. */
  private dispatch(): void {
    for (let depth = 1; depth <= this.s.jobsPerWorker; depth++) {
      for (const slot of this.slots) {
        if (!slot.ready || slot.retiring || slot.jobs.size >= depth) continue;
        const head = this.queue[0];
        if (!head) break;
        // A job a worker died under runs alone the second time: if it is the one that kills
        // workers, it dies alone, and the charts beside it are not failed with it.
        if (
          slot.jobs.size > 0 &&
          (head.retried || [...slot.jobs.values()].some((r) => r.job.retried))
        ) {
          continue;
        }
        const job = this.queue.shift();
        if (!job) break;
        clearTimeout(job.deadline);
        const timer = setTimeout(() => {
          this.replace(
            slot,
            renderFailed(`render job timed out after ${this.s.jobTimeoutMs} ms`),
            job,
          );
        }, this.s.jobTimeoutMs);
        slot.jobs.set(job.id, { job, timer });
        const { wire, transfer } = toWire(job.request);
        const message: WorkerJob = { id: job.id, ...wire };
        slot.worker.postMessage(message, transfer);
      }
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
      if (slot.jobs.size > 0 || waiting) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  /** Detaches the slot's jobs and stops their timers and the start-up timer. */
  private finish(slot: Slot): Job[] {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    const jobs = [...slot.jobs.values()].map((r) => {
      clearTimeout(r.timer);
      return r.job;
    });
    slot.jobs.clear();
    return jobs;
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if ("ready" in reply) {
      this.finish(slot);
      slot.ready = true;
      this.bootFailures = 0;
      this.dispatch();
      return;
    }
    const running = slot.jobs.get(reply.id);
    if (!running) return;
    slot.jobs.delete(reply.id);
    clearTimeout(running.timer);
    if (reply.ok) running.job.resolve(new Uint8Array(reply.png));
    else running.job.reject(renderFailed(reply.detail));
    slot.done++;
    if (this.s.recycleAfter > 0 && slot.done >= this.s.recycleAfter && !slot.retiring) {
      slot.retiring = true;
      this.slots.push(this.spawn());
    }
    if (slot.retiring && slot.jobs.size === 0) this.retire(slot);
    this.dispatch();
  }

  /** A recycled worker with nothing left to answer: ended quietly, nothing failed. */
  private retire(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    slot.worker.removeAllListeners();
    slot.worker.on("error", () => {});
    void slot.worker.terminate();
  }

  /**
   * The worker died, hung or never started: end it and start another. `culprit` (a timed-out
   * job) fails; the others in flight beside it are queued again once, first in line, since a
   * worker can die under a job that did nothing wrong; each then runs alone (dispatch), so a
   * job a worker dies under twice fails by itself.
   */
  private replace(slot: Slot, error: OmsbotError, culprit?: Job): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const again: Job[] = [];
    for (const job of this.finish(slot)) {
      if (job === culprit || job.retried || this.closed) job.reject(error);
      else again.push({ ...job, retried: true });
    }
    for (const job of again.reverse()) this.requeue(job);
    slot.worker.removeAllListeners();
    // The dead worker's error/exit must not reach its successor; swallow its late events.
    slot.worker.on("error", () => {});
    void slot.worker.terminate();
    if (this.closed) return;
    if (!slot.ready) this.bootFailures++;
    // A worker that had started (a crash or a timed-out job) says nothing about start-up.
    if (slot.retiring) {
      // Its successor is already starting.
      this.dispatch();
      return;
    }
    if (slot.ready || this.bootFailures < MAX_BOOT_FAILURES) {
      this.slots.push(this.spawn());
      this.dispatch();
      return;
    }
    // Likely a broken install: say so to whoever waits, and try again later rather than
    // respawning in a loop or shrinking the pool for good.
    if (this.broken()) this.failQueue(error);
    this.scheduleRestart();
  }

  /** Back at the head of the queue, with a fresh queue deadline. */
  private requeue(job: Job): void {
    job.deadline = setTimeout(() => {
      const at = this.queue.indexOf(job);
      if (at < 0) return;
      this.queue.splice(at, 1);
      job.reject(renderFailed(`no render worker free within ${this.s.queueTimeoutMs} ms`));
      this.updateRefs();
    }, this.s.queueTimeoutMs);
    this.queue.unshift(job);
  }

  private scheduleRestart(): void {
    if (this.restartTimer) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.closed) return;
      while (this.size < this.s.size) this.slots.push(this.spawn());
      this.dispatch();
    }, this.s.restartDelayMs);
    this.restartTimer.unref();
  }
}

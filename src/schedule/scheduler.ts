/**
 * node-cron 4 jobs with the guarantees alerts and digests need: a run never overlaps the previous
 * one of the same job (noOverlap), a failing run is logged and counted and never stops the process
 * or the job, and stop() waits for the runs in flight (bounded) so nothing is cut half-posted.
 * Jobs get the time as `now()` from the injected clock; tests drive node-cron with fake timers.
 */
import cron, { type RunCoordinator, type ScheduledTask, type TaskOptions } from "node-cron";
import type { Logger } from "pino";
import { toOmsbotError } from "../errors.ts";

export interface JobOptions {
  /** IANA zone the expression is read in (a digest's 09:00 is its own zone's). Default UTC. */
  timezone?: string;
}

export type JobFn = (now: number) => Promise<void>;

export interface JobStats {
  runs: number;
  failures: number;
  skippedOverlaps: number;
  /** Slots another replica ran (or that could not be claimed: the coordinator fails closed). */
  skippedElsewhere: number;
  lastError?: string;
}

interface Entry {
  task: ScheduledTask;
  stats: JobStats;
  running: Promise<void> | undefined;
  /** One more run, asked for while a run was in progress (runNow). */
  again: Promise<void> | undefined;
}

export interface SchedulerOptions {
  logger: Logger;
  now?: () => number;
  /**
   * Several replicas: each slot of each job runs on one replica only, the one that claims it
   * (node-cron 4's `distributed`; the claim key is `<job name>:<slot>`, so names must be the same
   * on every replica). Claims expire by themselves after the lease and are never released early:
   * a replica whose clock lags could otherwise claim the same slot again.
   */
  coordinator?: RunCoordinator;
  /** Called when another replica ran a slot (or the coordinator could not be asked). */
  onSkipped?: (job: string, reason: string) => void;
}

/** Longer than any clock skew between replicas; each slot has its own key, so it costs nothing. */
const LEASE_MS = 60_000;

export class Scheduler {
  private readonly jobs = new Map<string, Entry>();
  private readonly now: () => number;
  private started = false;
  private stopping = false;

  /** node-cron prints to the console by default; its words go to our log instead (ours say more). */
  private readonly cronLogger: NonNullable<TaskOptions["logger"]>;

  constructor(private readonly o: SchedulerOptions) {
    this.now = o.now ?? Date.now;
    const log = o.logger.child({ component: "node-cron" });
    this.cronLogger = {
      info: (m) => log.debug(m),
      warn: (m) => log.debug(m),
      error: (m, err) => log.error({ err: err ?? m }, "node-cron error"),
      debug: (m) => log.trace({ m }, "node-cron"),
    };
  }

  /** Adds (or replaces) a job; it runs only after start(). */
  add(name: string, expression: string, fn: JobFn, opts: JobOptions = {}): void {
    this.remove(name);
    const stats: JobStats = { runs: 0, failures: 0, skippedOverlaps: 0, skippedElsewhere: 0 };
    const entry: Entry = {
      stats,
      running: undefined,
      again: undefined,
      task: cron.createTask(expression, () => this.fire(name, entry, fn), {
        name,
        timezone: opts.timezone ?? "UTC",
        noOverlap: true,
        // The process must not stay alive for a cron timer alone (the shell ends at end of input).
        unref: true,
        logger: this.cronLogger,
        ...(this.o.coordinator
          ? { distributed: true, runCoordinator: this.o.coordinator, distributedLease: LEASE_MS }
          : {}),
      }),
    };
    entry.task.on("execution:skipped", (ctx) => {
      stats.skippedElsewhere++;
      this.o.onSkipped?.(name, ctx.reason ?? "not-elected");
    });
    entry.task.on("execution:overlap", () => {
      stats.skippedOverlaps++;
      this.o.logger.warn({ job: name }, "scheduled run skipped: the previous one is still running");
    });
    this.jobs.set(name, entry);
    if (this.started) void entry.task.start();
  }

  remove(name: string): void {
    const entry = this.jobs.get(name);
    if (!entry) return;
    this.jobs.delete(name);
    void entry.task.destroy();
  }

  has(name: string): boolean {
    return this.jobs.has(name);
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }

  stats(name: string): JobStats | undefined {
    const s = this.jobs.get(name)?.stats;
    return s ? { ...s } : undefined;
  }

  /**
   * Runs a job now, outside its schedule (e.g. a catch-up at start); never overlapping itself.
   * Asked while a run is in progress, it runs once more after that one: the run in progress may
   * have read its inputs before the caller's change (a rule added mid-round). Requests made
   * meanwhile share that one extra run.
   */
  async runNow(name: string): Promise<void> {
    const entry = this.jobs.get(name);
    if (!entry) return;
    if (entry.running) {
      entry.again ??= entry.running.then(() => {
        entry.again = undefined;
        // Stopping: the run asked for is dropped, as a scheduled one would be.
        return this.stopping ? undefined : this.runNow(name);
      });
      return entry.again;
    }
    await entry.task.execute();
  }

  /** Started and not stopped: scheduled runs will fire (readiness). */
  isRunning(): boolean {
    return this.started;
  }

  /** Resolves when no run is in progress (tests move their clock only between runs). */
  async idle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((e) => e.again ?? e.running));
  }

  start(): void {
    this.started = true;
    this.stopping = false;
    for (const e of this.jobs.values()) void e.task.start();
  }

  /** Stops every job and waits up to `timeoutMs` for the runs in flight. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.started = false;
    this.stopping = true;
    const running: Promise<void>[] = [];
    for (const e of this.jobs.values()) {
      await e.task.stop();
      const busy = e.again ?? e.running;
      if (busy) running.push(busy);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((done) => {
      timer = setTimeout(() => done("timeout"), timeoutMs);
    });
    const result = await Promise.race([Promise.all(running).then(() => "done" as const), timeout]);
    clearTimeout(timer);
    if (result === "timeout") {
      this.o.logger.warn({ jobs: running.length }, "scheduled runs still busy at shutdown");
    }
    for (const e of this.jobs.values()) await e.task.destroy();
    this.jobs.clear();
  }

  private async fire(name: string, entry: Entry, fn: JobFn): Promise<void> {
    const run = (async () => {
      entry.stats.runs++;
      try {
        await fn(this.now());
      } catch (e) {
        const err = toOmsbotError(e);
        entry.stats.failures++;
        entry.stats.lastError = err.code;
        this.o.logger.error(
          { job: name, code: err.code, detail: err.detail, err: e },
          "scheduled run failed",
        );
      }
    })();
    entry.running = run;
    try {
      await run;
    } finally {
      if (entry.running === run) entry.running = undefined;
    }
  }
}

/**
 * The task list, cached briefly: every `stats <name>` needs it to resolve the name, and a burst
 * of commands should cost OMS one list call, not one each. Concurrent misses share one fetch.
 */
import type { SyncTask } from "../core/domain.ts";
import { resolveTask } from "../core/task-ref.ts";
import type { OmsPort } from "./ports.ts";

export class TaskDirectory {
  private cached: { at: number; tasks: SyncTask[] } | undefined;
  private inFlight: Promise<SyncTask[]> | undefined;

  constructor(
    private readonly oms: OmsPort,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<SyncTask[]> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached.tasks;
    this.inFlight ??= this.oms
      .listSyncTasks()
      .then((tasks) => {
        this.cached = { at: this.now(), tasks };
        return tasks;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Resolves what a user typed to one task; throws TASK_NOT_FOUND / TASK_AMBIGUOUS. */
  async resolve(ref: string): Promise<SyncTask> {
    return resolveTask(ref, await this.list());
  }
}

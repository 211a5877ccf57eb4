/**
 * The task list, cached briefly: every `stats <name>` needs it to resolve the name, and a burst
 * of commands should cost OMS one list call, not one each. Concurrent misses share one fetch.
 */
import type { SyncTask } from "../core/domain.ts";
import { resolveTask } from "../core/task-ref.ts";
import { isOmsbotError } from "../errors.ts";
import type { OmsPort } from "./ports.ts";

/** A list this young is as fresh as a refetch would be. */
const FRESH_MS = 2_000;

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

  /**
   * Resolves what a user typed to one task; throws TASK_NOT_FOUND / TASK_AMBIGUOUS. A miss on a
   * list older than a moment is checked once against a fresh list: the task may be new.
   */
  async resolve(ref: string): Promise<SyncTask> {
    const tasks = await this.list();
    try {
      return resolveTask(ref, tasks);
    } catch (e) {
      const age = this.cached ? this.now() - this.cached.at : 0;
      if (!(isOmsbotError(e) && e.code === "TASK_NOT_FOUND") || age < FRESH_MS) throw e;
      this.cached = undefined;
      return resolveTask(ref, await this.list());
    }
  }
}

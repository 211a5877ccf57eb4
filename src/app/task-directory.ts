/**
 * The task lists, cached briefly: every `stats <name>` needs them to resolve the name, and a burst
 * of commands should cost OMS (and SenseCore ADS) one list call, not one each. Concurrent misses
 * share one fetch.
 */
import type { AdsTask } from "../core/ads-domain.ts";
import { type AnyTask, resolveAnyTask } from "../core/ads-task-ref.ts";
import type { SyncTask } from "../core/domain.ts";
import { resolveTask } from "../core/task-ref.ts";
import { isOmsbotError, OmsbotError, toOmsbotError } from "../errors.ts";
import type { AdsPort } from "./ads-port.ts";
import type { OmsPort } from "./ports.ts";

/** A list this young is as fresh as a refetch would be. */
const FRESH_MS = 2_000;

/** Said wherever ADS tasks would have been shown or searched but ADS did not answer. */
export const ADS_UNAVAILABLE_NOTE = "SenseCore ADS is unavailable right now";

/** A resolved task of either service; `adsError` when ADS could not be searched. */
export type ResolvedTask = AnyTask & { adsError?: OmsbotError };

/** One cached list with its in-flight fetch. */
class CachedList<T> {
  private cached: { at: number; items: T[] } | undefined;
  private inFlight: Promise<T[]> | undefined;

  constructor(
    private readonly fetch: () => Promise<T[]>,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(): Promise<T[]> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) {
      return Promise.resolve(this.cached.items);
    }
    this.inFlight ??= this.fetch()
      .then((items) => {
        this.cached = { at: this.now(), items };
        return items;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Items fetched by someone else, kept as if this list had fetched them now. */
  set(items: T[]): void {
    this.cached = { at: this.now(), items };
  }

  age(): number {
    return this.cached ? this.now() - this.cached.at : 0;
  }

  drop(): void {
    this.cached = undefined;
  }
}

export class TaskDirectory {
  private readonly oms: CachedList<SyncTask>;
  private ads: { port: AdsPort; list: CachedList<AdsTask> } | undefined;

  constructor(
    omsPort: OmsPort,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {
    this.oms = new CachedList(() => omsPort.listSyncTasks(), ttlMs, now);
  }

  list(): Promise<SyncTask[]> {
    return this.oms.get();
  }

  /** The OMS task list as just fetched elsewhere (the start-up check): cached like its own. */
  remember(tasks: SyncTask[]): void {
    this.oms.set(tasks);
  }

  /** The ADS tasks (current, not history), cached like the OMS list. */
  listAds(port: AdsPort): Promise<AdsTask[]> {
    if (this.ads?.port !== port) {
      this.ads = { port, list: new CachedList(() => port.listTasks(), this.ttlMs, this.now) };
    }
    return this.ads.list.get();
  }

  /**
   * Resolves what a user typed to one OMS task; throws TASK_NOT_FOUND / TASK_AMBIGUOUS. A miss on
   * a list older than a moment is checked once against a fresh list: the task may be new.
   */
  async resolve(ref: string): Promise<SyncTask> {
    const tasks = await this.list();
    try {
      return resolveTask(ref, tasks);
    } catch (e) {
      if (!(isOmsbotError(e) && e.code === "TASK_NOT_FOUND") || this.oms.age() < FRESH_MS) throw e;
      this.oms.drop();
      return resolveTask(ref, await this.list());
    }
  }

  /**
   * Resolves over OMS and ADS together (core/ads-task-ref.ts). ADS not configured: OMS only.
   * ADS down: OMS only, with `adsError` set, and a miss says ADS was not searched. OMS down:
   * an ADS task is still found; anything else fails with OMS's error.
   */
  async resolveAny(
    ref: string,
    ads: AdsPort | undefined,
    options: { command?: string } = {},
  ): Promise<ResolvedTask> {
    const attempt = async (): Promise<ResolvedTask> => {
      const [oms, adsList] = await Promise.allSettled([
        this.list(),
        ads ? this.listAds(ads) : Promise.resolve([]),
      ]);
      const adsError = adsList.status === "rejected" ? toOmsbotError(adsList.reason) : undefined;
      const adsTasks = adsList.status === "fulfilled" ? adsList.value : [];
      if (oms.status === "rejected") {
        try {
          return resolveAnyTask(ref, [], adsTasks, options);
        } catch {
          throw oms.reason;
        }
      }
      try {
        const found = resolveAnyTask(ref, oms.value, adsTasks, options);
        return adsError ? { ...found, adsError } : found;
      } catch (e) {
        if (adsError && isOmsbotError(e) && e.code === "TASK_NOT_FOUND") {
          throw new OmsbotError(
            "TASK_NOT_FOUND",
            `${e.userMessage}\n${ADS_UNAVAILABLE_NOTE}, so its tasks were not searched.`,
            { detail: adsError.detail },
          );
        }
        throw e;
      }
    };
    try {
      return await attempt();
    } catch (e) {
      const age = Math.min(this.oms.age(), this.ads?.list.age() ?? Number.POSITIVE_INFINITY);
      if (!(isOmsbotError(e) && e.code === "TASK_NOT_FOUND") || age < FRESH_MS) throw e;
      this.oms.drop();
      this.ads?.list.drop();
      return attempt();
    }
  }
}

/** SenseCore ADS data-sync tasks as handlers and the progress recorder need them (clients/ads). */
import type { AdsTask } from "../core/ads-domain.ts";

export interface AdsPort {
  /**
   * Every task of the configured data-sync resource, all pages. `history` asks for finished tasks
   * (seed 004 `is_history`); the keywords narrow by task name and type on ADS's side.
   */
  listTasks(opts?: {
    history?: boolean;
    nameKeyword?: string;
    typeKeyword?: string;
    signal?: AbortSignal;
  }): Promise<AdsTask[]>;
}

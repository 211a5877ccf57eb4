import type { StatsChartInput } from "../core/chart-input.ts";
import type { DataType, SyncTask, TaskStatistics, TaskStatus } from "../core/domain.ts";

/** The OMS API as handlers need it. Implemented by clients/oms over HTTP. */
export interface OmsPort {
  listSyncTasks(opts?: { status?: TaskStatus; signal?: AbortSignal }): Promise<SyncTask[]>;
  /** `queryTime` (ms) picks the month of the monthly counters; default now. */
  showSyncTask(id: string, opts?: { queryTime?: number; signal?: AbortSignal }): Promise<SyncTask>;
  getStatistics(
    id: string,
    types: readonly DataType[],
    start: number,
    end: number,
    opts?: { signal?: AbortSignal },
  ): Promise<TaskStatistics>;
}

/** Draws charts to PNG. Implemented by render/ (a worker pool). */
export interface ChartPort {
  renderStats(input: StatsChartInput): Promise<Uint8Array>;
}

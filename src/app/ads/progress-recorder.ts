/**
 * Keeps each ADS task's progress at every poll, in the StateStore (`adsProgress`), because ADS
 * answers only the current counts (seed 004): `stats <ads task>`, its finish estimate and the
 * `stalled` condition (core/ads-alerts.ts) read this history. Retention: core/ads-progress.ts.
 */
import type { Logger } from "pino";
import type { AdsProgressSample } from "../../core/ads-domain.ts";
import { FINISHED_ADS_STATES } from "../../core/ads-domain.ts";
import { retainSamples, sampleOf } from "../../core/ads-progress.ts";
import { toOmsbotError } from "../../errors.ts";
import type { AdsPort } from "../ads-port.ts";
import type { StateStore } from "../ports.ts";

export type RecordResult =
  | { ok: true; recorded: number; pruned: number }
  | { ok: false; code: string };

export class AdsProgressRecorder {
  constructor(
    private readonly ads: AdsPort,
    private readonly store: StateStore,
    private readonly logger: Logger,
  ) {}

  /**
   * One poll: a sample per listed task, then the histories of tasks ADS no longer lists are
   * thinned and dropped once empty. Never throws: an ADS or store failure is logged and
   * reported, so the poll that calls this goes on with OMS.
   */
  async record(now: number, signal?: AbortSignal): Promise<RecordResult> {
    try {
      const tasks = await this.ads.listTasks({ signal });
      let recorded = 0;
      const listed = new Set<string>();
      for (const task of tasks) {
        listed.add(task.id);
        const sample = sampleOf(task, now);
        if (!sample) continue;
        const finished = FINISHED_ADS_STATES.has(task.state);
        await this.store.update("adsProgress", task.id, (current) => {
          const kept = current?.samples ?? [];
          const last = kept.at(-1);
          // A finished task stops moving: its last reading is enough, not one per poll.
          if (finished && last && same(last, sample)) {
            return { id: task.id, samples: retainSamples(kept, now) };
          }
          return { id: task.id, samples: retainSamples(kept, now, sample) };
        });
        recorded += 1;
      }
      let pruned = 0;
      for (const h of await this.store.list("adsProgress")) {
        if (listed.has(h.id)) continue;
        const kept = retainSamples(h.samples, now);
        if (kept.length === 0) {
          await this.store.delete("adsProgress", h.id);
          pruned += 1;
        } else if (kept.length !== h.samples.length) {
          await this.store.put("adsProgress", { id: h.id, samples: kept });
        }
      }
      return { ok: true, recorded, pruned };
    } catch (e) {
      const err = toOmsbotError(e);
      this.logger.warn({ code: err.code, detail: err.detail }, "ADS progress not recorded");
      return { ok: false, code: err.code };
    }
  }
}

function same(a: AdsProgressSample, b: AdsProgressSample): boolean {
  return a.percent === b.percent && a.complete === b.complete && a.total === b.total;
}

/** A task's stored samples, oldest first; none without a store or a history. */
export async function adsHistory(
  store: StateStore | undefined,
  taskId: string,
): Promise<AdsProgressSample[]> {
  return (await store?.get("adsProgress", taskId))?.samples ?? [];
}

/**
 * Daily digests: built by core (digest-content), fetched and posted here. One message per digest
 * per local day, across restarts: the ledger records each posted day, and the message carries
 * the day's key in its Slack metadata, so a crash between posting and recording is healed by
 * finding the message rather than posting it twice. A day missed while the bot was down is
 * posted late (saying so) while that local day lasts.
 */
import type { Logger } from "pino";
import type { DigestSpec } from "../../core/alert-model.ts";
import type { DigestAds } from "../../core/digest-ads.ts";
import { buildDigest, type DigestStats } from "../../core/digest-content.ts";
import {
  type DigestSlot,
  digestClaimKey,
  digestSlot,
  digestStatsRange,
} from "../../core/digest-schedule.ts";
import { digestTasks } from "../../core/digest-totals.ts";
import { DATA_TYPES, type SyncTask } from "../../core/domain.ts";
import { UNIT_MS } from "../../core/duration.ts";
import { toOmsbotError } from "../../errors.ts";
import { withRunId } from "../../logger.ts";
import { mapLimit } from "../../util/map-limit.ts";
import type { AdsPort } from "../ads-port.ts";
import type { AlertChartPort, OmsPort, OutboundChat, RunClaims, StateStore } from "../ports.ts";

export const DIGEST_EVENT_TYPE = "omsbot_digest";
/** Longer than building and posting one digest (hundreds of tasks, a chart). */
const POSTING_LEASE_MS = 5 * UNIT_MS.m;
const DIGEST_METADATA_KEY = "digest_day";

export interface DigestServiceDeps {
  oms: OmsPort;
  store: StateStore;
  outbound: OutboundChat;
  charts: AlertChartPort;
  /** Held while one digest day is being posted, so two replicas never post it both. */
  claims: RunClaims;
  /** Called once for every digest that went out (metrics). */
  onPosted?: () => void;
  logger: Logger;
  /** Statistics calls in flight at once (hundreds of tasks). Default 32, the pool's connections. */
  concurrency?: number;
  /** SenseCore ADS, for the digest's ADS section; absent when not configured. */
  ads?: AdsPort | undefined;
}

export interface DigestRun {
  tasks: number;
  unavailable: number;
  statisticsCalls: number;
}

export class DigestService {
  constructor(private readonly d: DigestServiceDeps) {}

  /** Every digest that is due and not yet posted today (its local day): posted now. */
  async catchUp(now: number, only?: string): Promise<void> {
    for (const spec of await this.d.store.list("digests")) {
      if (only !== undefined && spec.id !== only) continue;
      try {
        await this.postIfDue(spec, now);
      } catch (e) {
        const err = toOmsbotError(e);
        this.d.logger.warn(
          { digest: spec.id, code: err.code, detail: err.detail },
          "digest not posted; trying again at the next check",
        );
      }
    }
  }

  /** Today's digest if due and not posted yet; "skipped" otherwise. */
  async postIfDue(spec: DigestSpec, now: number): Promise<"posted" | "skipped"> {
    const slot = digestSlot(spec, now);
    if (!slot.due) return "skipped";
    const key = digestClaimKey(spec.id, slot.dateKey);
    if (await this.d.store.claimed(key)) return "skipped";
    const posting = `posting:${key}`;
    if (!(await this.d.claims.tryClaim(posting, POSTING_LEASE_MS))) return "skipped";
    try {
      return await this.postOnce(spec, now, slot, key);
    } finally {
      await this.d.claims.release?.(posting);
    }
  }

  private async postOnce(
    spec: DigestSpec,
    now: number,
    slot: DigestSlot,
    key: string,
  ): Promise<"posted" | "skipped"> {
    // Another replica may have posted and recorded it while this one waited for the claim.
    if (await this.d.store.claimed(key)) return "skipped";
    const found = await this.d.outbound.findRoot(
      spec.channelId,
      DIGEST_EVENT_TYPE,
      { key: DIGEST_METADATA_KEY, value: key },
      slot.scheduledAt - UNIT_MS.h,
    );
    if (found) {
      await this.d.store.claim(key, now, found.ts);
      return "skipped";
    }
    const ts = await this.post(spec, now, slot, key);
    await this.d.store.claim(key, now, ts);
    return "posted";
  }

  /** Builds and posts one digest; `slot` absent for `digest run` (now, never late). */
  async post(spec: DigestSpec, now: number, slot?: DigestSlot, key?: string): Promise<string> {
    const logger = withRunId(this.d.logger, "digest");
    const run = await this.build(spec, now, slot, logger);
    const ref = await this.d.outbound.postRoot(spec.channelId, {
      ...run.content.message,
      ...(key
        ? { metadata: { eventType: DIGEST_EVENT_TYPE, payload: { [DIGEST_METADATA_KEY]: key } } }
        : {}),
    });
    if (run.content.chart) {
      try {
        const png = await this.d.charts.renderDigest(run.content.chart);
        await this.d.outbound.upload(
          spec.channelId,
          {
            filename: `digest-${spec.id}-${run.dateKey}.png`,
            title: run.content.chart.title,
            mimeType: "image/png",
            data: png,
          },
          { thread: ref },
        );
      } catch (e) {
        // The numbers are out; a missing picture must not make the digest post again.
        const err = toOmsbotError(e);
        logger.warn(
          { digest: spec.id, code: err.code, detail: err.detail },
          "digest chart not posted",
        );
      }
    }
    logger.info({ digest: spec.id, day: run.dateKey, ...run.stats }, "digest posted");
    this.d.onPosted?.();
    return ref.ts;
  }

  private async build(spec: DigestSpec, now: number, slot: DigestSlot | undefined, logger: Logger) {
    const tasks = await this.d.oms.listSyncTasks();
    const range = digestStatsRange(now);
    const wanted = digestTasks(spec, tasks).tasks;
    const stats = new Map<string, DigestStats>();
    let unavailable = 0;
    await mapLimit(wanted, this.d.concurrency ?? 32, async (task) => {
      try {
        stats.set(
          task.id,
          await this.d.oms.getStatistics(task.id, DATA_TYPES, range.start, range.end),
        );
      } catch (e) {
        unavailable++;
        stats.set(task.id, "unavailable");
        const err = toOmsbotError(e);
        logger.warn(
          { digest: spec.id, task: task.id, code: err.code },
          "digest: no statistics for a task",
        );
      }
    });
    const ads = await this.adsFor(spec, tasks, logger);
    const openIncidents = (await this.d.store.list("incidents")).filter(
      (i) => i.state !== "resolved",
    );
    const content = buildDigest({
      spec,
      tasks,
      stats,
      openIncidents,
      now,
      ...(ads ? { ads } : {}),
      ...(slot
        ? { slot: { dateKey: slot.dateKey, scheduledAt: slot.scheduledAt, late: slot.late } }
        : {}),
    });
    const dateKey = slot?.dateKey ?? "now";
    return {
      content,
      dateKey,
      stats: { tasks: wanted.length, unavailable, statisticsCalls: wanted.length },
    };
  }

  /**
   * One ADS list call for a digest that may hold ADS tasks (`all`, or an ID OMS does not list);
   * none for one naming OMS tasks only. ADS down: "unavailable", and the digest still goes out.
   */
  private async adsFor(
    spec: DigestSpec,
    oms: readonly SyncTask[],
    logger: Logger,
  ): Promise<DigestAds | undefined> {
    if (!this.d.ads) return undefined;
    const omsIds = new Set(oms.map((t) => t.id));
    if (!spec.tasks.all && spec.tasks.taskIds.every((id) => omsIds.has(id))) return undefined;
    try {
      return { tasks: await this.d.ads.listTasks() };
    } catch (e) {
      const err = toOmsbotError(e);
      logger.warn({ digest: spec.id, code: err.code, detail: err.detail }, "digest: no ADS tasks");
      return "unavailable";
    }
  }
}

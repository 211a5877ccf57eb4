/**
 * Alerts and digests put together: the store, the paced outbound chat, the services, and the
 * scheduler's jobs (alert evaluation on ALERT_POLL_CRON, one job per digest at its HH:MM in its
 * zone). Part of the composition (bot.ts); the chat adapter's outbound port is attached once the
 * adapter is connected, and the jobs start only then.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { AdsProgressRecorder } from "./app/ads/progress-recorder.ts";
import type { AdsPort } from "./app/ads-port.ts";
import { AlertService } from "./app/alerts/alert-service.ts";
import type { Alerting } from "./app/alerts/alerting.ts";
import type { CdnPort } from "./app/cdn-port.ts";
import { DigestService } from "./app/digests/digest-service.ts";
import { ExportWatcher } from "./app/exports/export-watcher.ts";
import type { AlertChartPort, OmsPort, OutboundChat, StateStore } from "./app/ports.ts";
import { ChannelQueues, queuedOutbound } from "./app/send-queue.ts";
import { OmsbotError } from "./errors.ts";
import { withRunId } from "./logger.ts";
import { Scheduler } from "./schedule/scheduler.ts";
import { type RunClaims, toRunCoordinator } from "./store/run-claims.ts";

export interface AlertingWiringOptions {
  oms: OmsPort;
  store: StateStore;
  charts: AlertChartPort;
  logger: Logger;
  tz: string;
  alertPollCron: string;
  now?: () => number;
  /** Gap between two scheduled posts to one channel (Slack: ~1 per second). */
  minPostIntervalMs?: number;
  /**
   * Run-once claims shared by every replica (Redis), or this process's own. Each scheduled slot
   * runs on one replica, and an alert round never runs on two replicas at once.
   */
  claims: RunClaims;
  /** Counters for what alerts and digests do (OpsMetrics fits). */
  events?: AlertingEvents;
  /** CDN export tasks, for `alert add exports` notices; absent when not configured. */
  cdn?: CdnPort | undefined;
  /** SenseCore ADS: each poll records its tasks' progress (for `stats` of an ADS task). */
  ads?: AdsPort | undefined;
}

export interface AlertingEvents {
  alertOpened(): void;
  alertResolved(): void;
  digestPosted(): void;
  /** A slot another replica ran, or that could not be claimed (Redis down: fail closed). */
  scheduledRunSkipped(job: string): void;
}

/** An alert round holds this claim while it runs; longer than any round (which has deadlines). */
const ROUND_LEASE_MS = 4 * 60_000;

/** How often a round asked for by a change tries the claim another replica holds. */
const CLAIM_RETRY_MS = 250;

const ALERT_JOB = "alerts";
const ROUND_CLAIM = "alerts:round";
const digestJob = (id: string) => `digest:${id}`;

/** A short ID with a letter for its kind: `a3k9x2` (alert), `d…` (digest), `i…` (incident). */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(4).readUInt32BE(0).toString(36).padStart(7, "0").slice(-7)}`;
}

function describeCron(expr: string): string {
  const m = /^\*\/(\d+) \* \* \* \*$/.exec(expr);
  if (m) return `every ${m[1]} minute${m[1] === "1" ? "" : "s"}`;
  if (expr === "* * * * *") return "every minute";
  return `on the schedule \`${expr}\``;
}

export class AlertingWiring {
  readonly alerting: Alerting;
  readonly scheduler: Scheduler;
  private chat: OutboundChat | undefined;
  private readonly queues: ChannelQueues;
  private readonly digests: DigestService;
  private readonly now: () => number;
  /** A round was asked for by a change since the last round started. */
  private roundAsked = false;

  constructor(private readonly o: AlertingWiringOptions) {
    this.now = o.now ?? Date.now;
    this.scheduler = new Scheduler({
      logger: o.logger,
      now: this.now,
      coordinator: toRunCoordinator(o.claims, o.logger),
      ...(o.events ? { onSkipped: (job: string) => o.events?.scheduledRunSkipped(job) } : {}),
    });
    this.queues = new ChannelQueues({ minIntervalMs: o.minPostIntervalMs ?? 1000 });
    const outbound = queuedOutbound(this.deferredChat(), this.queues);
    const alerts = new AlertService({
      oms: o.oms,
      store: o.store,
      outbound,
      charts: o.charts,
      logger: o.logger.child({ component: "alerts" }),
      tz: o.tz,
      newId: () => newId("i"),
      ads: o.ads,
    });
    this.digests = new DigestService({
      oms: o.oms,
      store: o.store,
      outbound,
      charts: o.charts,
      claims: o.claims,
      ...(o.ads ? { ads: o.ads } : {}),
      ...(o.events ? { onPosted: () => o.events?.digestPosted() } : {}),
      logger: o.logger.child({ component: "digests" }),
    });
    const exportWatcher = new ExportWatcher({
      ...(o.cdn ? { cdn: o.cdn } : {}),
      store: o.store,
      outbound,
      logger: o.logger.child({ component: "cdn-exports" }),
      tz: o.tz,
    });
    const adsRecorder = o.ads
      ? new AdsProgressRecorder(o.ads, o.store, o.logger.child({ component: "ads-progress" }))
      : undefined;
    this.alerting = {
      store: o.store,
      outbound,
      alerts,
      runDigest: async (id, now) => {
        const spec = await o.store.get("digests", id);
        if (!spec) return "not-found";
        await this.digests.post(spec, now);
        return "posted";
      },
      digestsChanged: () => this.syncDigestJobs(),
      rulesChanged: () => this.evaluateSoon(),
      newId,
      pollDescription: describeCron(o.alertPollCron),
    };
    this.scheduler.add(ALERT_JOB, o.alertPollCron, async (now) => {
      // One round at a time across replicas: a slot is claimed by one replica, but a round
      // started by `alert add` (runNow) is not a slot, and two rounds at once would each open
      // an incident for the same breach.
      // A round asked for by a change (`alert add`) waits its turn: the round running elsewhere
      // may have read the rules before the change. A scheduled slot just yields to it.
      const asked = this.roundAsked;
      this.roundAsked = false;
      if (!(await this.claimRound(asked))) {
        o.events?.scheduledRunSkipped(ALERT_JOB);
        return;
      }
      try {
        const log = withRunId(o.logger.child({ component: "alerts" }), "alerts");
        const report = await alerts.evaluate(now, log);
        log.debug({ ...report }, "alert evaluation");
        for (let i = 0; i < report.opened; i++) o.events?.alertOpened();
        for (let i = 0; i < report.resolved; i++) o.events?.alertResolved();
        // Inside the round's claim: one replica records ADS progress and tells each finished
        // export, once. The recorder never throws (it logs).
        if (adsRecorder) await adsRecorder.record(now);
        await exportWatcher.check(now).catch((e: unknown) => {
          log.warn({ err: e }, "CDN export check failed; trying again next round");
        });
        // Digests missed while the bot was down, or whose HH:MM fell in a DST gap, go out here.
        await this.digests.catchUp(now);
      } finally {
        await o.claims.release?.(ROUND_CLAIM);
      }
    });
  }

  /** The chat adapter is connected: scheduled posts can go out, so the jobs start. */
  async start(chat: OutboundChat): Promise<void> {
    this.chat = chat;
    await this.syncDigestJobs();
    this.scheduler.start();
    this.evaluateSoon();
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.queues.idle();
  }

  /** A first evaluation (and digest catch-up) now rather than at the next poll. */
  private evaluateSoon(): void {
    if (!this.chat) return;
    this.roundAsked = true;
    void this.scheduler.runNow(ALERT_JOB);
  }

  /** The round claim; when `wait`, tried again until it is free (not past stop or the lease). */
  private async claimRound(wait: boolean): Promise<boolean> {
    const until = Date.now() + ROUND_LEASE_MS;
    for (;;) {
      if (await this.o.claims.tryClaim(ROUND_CLAIM, ROUND_LEASE_MS)) return true;
      if (!wait || !this.scheduler.isRunning() || Date.now() > until) return false;
      await new Promise((done) => setTimeout(done, CLAIM_RETRY_MS));
    }
  }

  private async syncDigestJobs(): Promise<void> {
    const specs = await this.o.store.list("digests");
    const wanted = new Set(specs.map((s) => digestJob(s.id)));
    for (const name of this.scheduler.names()) {
      if (name.startsWith("digest:") && !wanted.has(name)) this.scheduler.remove(name);
    }
    for (const spec of specs) {
      const job = digestJob(spec.id);
      if (this.scheduler.has(job)) continue;
      this.scheduler.add(
        job,
        `${spec.minute} ${spec.hour} * * *`,
        (now) => this.digests.catchUp(now, spec.id),
        { timezone: spec.tz },
      );
    }
  }

  private deferredChat(): OutboundChat {
    const chat = (): OutboundChat => {
      if (!this.chat) throw new OmsbotError("CHAT_UNAVAILABLE", "The chat is not connected yet.");
      return this.chat;
    };
    return {
      postRoot: (c, m) => chat().postRoot(c, m),
      replyInThread: (r, m) => chat().replyInThread(r, m),
      update: (r, m) => chat().update(r, m),
      upload: (c, f, opts) => chat().upload(c, f, opts),
      canPost: (c) => chat().canPost(c),
      findRoot: (c, e, m, s) => chat().findRoot(c, e, m, s),
    };
  }
}

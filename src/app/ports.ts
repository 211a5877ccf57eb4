import type { AlertRule, DigestSpec, Incident, Mute, RuleHealth } from "../core/alert-model.ts";
import type { IncidentChartInput, StatsChartInput } from "../core/chart-input.ts";
import type { DigestChartInput } from "../core/digest-chart-input.ts";
import type { DataType, SyncTask, TaskStatistics, TaskStatus } from "../core/domain.ts";
import type { ReplyBlock, ReplyFile } from "../core/reply.ts";

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

/** The charts alerts and digests post. Implemented by render/ beside ChartPort. */
export interface AlertChartPort {
  /** The chart in an incident's thread: the stats panels plus the alert's measure and threshold. */
  renderIncident(input: IncidentChartInput): Promise<Uint8Array>;
  /** The digest's one chart: small multiples, a row per task. */
  renderDigest(input: DigestChartInput): Promise<Uint8Array>;
}

/** The collections a StateStore holds (core/alert-model.ts); each value has its own `id`. */
export interface StateCollections {
  rules: AlertRule;
  incidents: Incident;
  mutes: Mute;
  health: RuleHealth;
  digests: DigestSpec;
  /** ADS task progress over time (app/ads/progress-recorder.ts), one value per ADS task. */
  adsProgress: import("../core/ads-domain.ts").AdsProgressHistory;
}
export type CollectionName = keyof StateCollections;

/**
 * Where alerts and digests keep their state across restarts (and, with Redis, across replicas).
 * `update` is the only read-modify-write: it is atomic (one writer for the file store; a
 * compare-and-set in Redis), so two evaluations cannot both open an incident.
 */
export interface StateStore {
  get<C extends CollectionName>(c: C, id: string): Promise<StateCollections[C] | undefined>;
  list<C extends CollectionName>(c: C): Promise<StateCollections[C][]>;
  put<C extends CollectionName>(c: C, value: StateCollections[C]): Promise<void>;
  delete<C extends CollectionName>(c: C, id: string): Promise<boolean>;
  /** Applies `change` to the current value atomically; `undefined` from it deletes. */
  update<C extends CollectionName>(
    c: C,
    id: string,
    change: (current: StateCollections[C] | undefined) => StateCollections[C] | undefined,
  ): Promise<StateCollections[C] | undefined>;
  /**
   * The ledger of what was posted: records `key` once and answers true; false if it was already
   * there. Entries older than 30 days are forgotten. `ref` (e.g. a message ts) is kept with it.
   */
  claim(key: string, now: number, ref?: string): Promise<boolean>;
  /** The ledger entry for `key`, if any. */
  claimed(key: string): Promise<{ at: number; ref?: string } | undefined>;
  close(): Promise<void>;
}

/** A message the bot posted on its own, to reply under or update later. */
export interface PostedRef {
  channelId: string;
  ts: string;
}

/** A message the bot posts on its own (not an answer): Reply-like, plus Slack message metadata. */
export interface OutboundMessage {
  text: string;
  blocks: ReplyBlock[];
  /** Slack message metadata (event_type + payload): lets a restart find a root it posted. */
  metadata?: { eventType: string; payload: Record<string, string> };
}

/**
 * What the bot posts on its own (alerts, digests): implemented by the Slack adapter and by the
 * shell (which prints). Every call either succeeds or throws a coded OmsbotError.
 */
export interface OutboundChat {
  postRoot(channelId: string, message: OutboundMessage): Promise<PostedRef>;
  replyInThread(root: PostedRef, message: OutboundMessage): Promise<PostedRef>;
  update(ref: PostedRef, message: OutboundMessage): Promise<void>;
  /** Uploads a file into the channel, or into the root's thread when given. */
  upload(
    channelId: string,
    file: ReplyFile,
    opts: { thread?: PostedRef; comment?: string },
  ): Promise<void>;
  /** Whether the bot can post in the channel; a reason for the user when it cannot. */
  canPost(channelId: string): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** A recent root the bot posted with this metadata payload value, if any (crash healing). */
  findRoot(
    channelId: string,
    eventType: string,
    match: { key: string; value: string },
    sinceMs: number,
  ): Promise<PostedRef | undefined>;
}

/** How a command ended, for the metrics: the user's mistake is not the bot's failure. */
export type CommandOutcome = "ok" | "user_error" | "error";

/** Counts and times commands by their parsed name. Implemented by ops/metrics.ts. */
export interface CommandMetrics {
  commandHandled(command: string, outcome: CommandOutcome, seconds: number): void;
}

/**
 * Run-once claims shared by every replica (Redis) or kept in this process: true for exactly one
 * caller per key until the lease runs out. Scheduled slots, alert rounds and digest posts use
 * them so that replicas act as one bot.
 */
export interface RunClaims {
  tryClaim(key: string, ttlMs: number): Promise<boolean>;
  /** Ends a claim this caller holds before its lease runs out. */
  release?(key: string): Promise<void>;
}

/**
 * The app layer against the simulator over loopback, with a clock the test moves: the real OMS
 * client (and, with `ads`, the real SenseCore ADS client), the real store (memory, or a file the
 * test reopens as a restart would), a chat that records what was posted (and can fail on cue),
 * charts that record their inputs, and every log line at trace level kept (the secrets test reads
 * them all). The Slack adapter's own tests cover the wire. The simulator cannot restart an ADS
 * task, so `override` lays a task's state over its answer (the one thing not the simulator's).
 */
import pino from "pino";
import { Agent } from "undici";
import { AdsProgressRecorder } from "../../src/app/ads/progress-recorder.ts";
import type { AdsPort } from "../../src/app/ads-port.ts";
import { AlertService, type EvaluationReport } from "../../src/app/alerts/alert-service.ts";
import type { Alerting } from "../../src/app/alerts/alerting.ts";
import { DigestService } from "../../src/app/digests/digest-service.ts";
import type {
  AlertChartPort,
  ChartPort,
  OutboundChat,
  OutboundMessage,
  PostedRef,
  StateStore,
} from "../../src/app/ports.ts";
import { createCommandRunner } from "../../src/app/runner.ts";
import { TaskDirectory } from "../../src/app/task-directory.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import type { OmsClient } from "../../src/clients/oms/client.ts";
import type { AdsTask } from "../../src/core/ads-domain.ts";
import type { IncidentChartInput, StatsChartInput } from "../../src/core/chart-input.ts";
import type { DigestChartInput } from "../../src/core/digest-chart-input.ts";
import type { Reply } from "../../src/core/reply.ts";
import { OmsbotError } from "../../src/errors.ts";
import { adsClientFor } from "../../src/simulator/ads-client.ts";
import { omsClientFor } from "../../src/simulator/client.ts";
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../src/simulator/server.ts";
import { createMemoryStore } from "../../src/store/memory-store.ts";

export interface Posted {
  kind: "root" | "reply" | "update" | "upload";
  channelId: string;
  ts: string;
  thread?: string;
  text: string;
  /** The message's text and its blocks' text, for looking for words. */
  all?: string;
  metadata?: OutboundMessage["metadata"];
}

const allText = (m: OutboundMessage) => `${m.text}\n${JSON.stringify(m.blocks)}`;

/** A chat that keeps every message, deletes on request, and fails the next calls on cue. */
export class RecordingChat implements OutboundChat {
  readonly log: Posted[] = [];
  private seq = 0;
  private readonly deleted = new Set<string>();
  /** The next N calls fail as Slack being down. */
  failNext = 0;
  /** The next postRoot reaches the channel but its caller never hears back (a crash). */
  crashAfterNextPost = false;

  private down(): void {
    if (this.failNext > 0) {
      this.failNext--;
      throw new OmsbotError("CHAT_UNAVAILABLE", "Slack is down (test).");
    }
  }

  async postRoot(channelId: string, m: OutboundMessage): Promise<PostedRef> {
    this.down();
    const ts = `${++this.seq}.000`;
    this.log.push({
      kind: "root",
      channelId,
      ts,
      text: m.text,
      all: allText(m),
      metadata: m.metadata,
    });
    if (this.crashAfterNextPost) {
      this.crashAfterNextPost = false;
      throw new Error("process killed between post and record (test)");
    }
    return { channelId, ts };
  }
  async replyInThread(root: PostedRef, m: OutboundMessage): Promise<PostedRef> {
    this.down();
    if (this.deleted.has(root.ts)) throw new OmsbotError("CHAT_MESSAGE_GONE", "gone (test)");
    const ts = `${++this.seq}.000`;
    this.log.push({ kind: "reply", channelId: root.channelId, ts, thread: root.ts, text: m.text });
    return { channelId: root.channelId, ts };
  }
  async update(ref: PostedRef, m: OutboundMessage): Promise<void> {
    this.down();
    if (this.deleted.has(ref.ts)) throw new OmsbotError("CHAT_MESSAGE_GONE", "gone (test)");
    this.log.push({ kind: "update", channelId: ref.channelId, ts: ref.ts, text: m.text });
  }
  async upload(channelId: string, _f: unknown, opts: { thread?: PostedRef }): Promise<void> {
    this.down();
    this.log.push({ kind: "upload", channelId, ts: "", thread: opts.thread?.ts, text: "" });
  }
  async canPost(channelId: string) {
    return channelId === "CNOTIN"
      ? { ok: false as const, reason: "Invite me with `/invite @omsbot` (test)." }
      : { ok: true as const };
  }
  async findRoot(
    channelId: string,
    eventType: string,
    match: { key: string; value: string },
  ): Promise<PostedRef | undefined> {
    this.down();
    const hit = this.log.find(
      (p) =>
        p.kind === "root" &&
        p.channelId === channelId &&
        !this.deleted.has(p.ts) &&
        p.metadata?.eventType === eventType &&
        p.metadata.payload[match.key] === match.value,
    );
    return hit ? { channelId, ts: hit.ts } : undefined;
  }
  delete(ts: string): void {
    this.deleted.add(ts);
  }
  of(kind: Posted["kind"]): Posted[] {
    return this.log.filter((p) => p.kind === kind);
  }
}

/** A render that keeps what it was asked to draw and answers with the first bytes of a PNG. */
const keep =
  <T>(into: T[]) =>
  async (input: T) => {
    into.push(input);
    return new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  };

export class RecordingCharts implements AlertChartPort, ChartPort {
  readonly stats: StatsChartInput[] = [];
  readonly incidents: IncidentChartInput[] = [];
  readonly digests: DigestChartInput[] = [];
  readonly renderStats = keep(this.stats);
  readonly renderIncident = keep(this.incidents);
  readonly renderDigest = keep(this.digests);
}

export const T0 = Date.UTC(2026, 10, 22, 12, 0, 7);
export const MIN = 60_000;

export interface AlertWorldOptions {
  /** A fresh memory store unless given (a file store, say, to build a restart over it). */
  store?: StateStore;
  /** Where the test's clock starts: T0 unless given. */
  start?: number;
  sim?: Omit<SimulatorOptions, "now">;
  /** The bot has SenseCore ADS: alerts, digests, commands and each `round` use it. */
  ads?: boolean;
}

export interface AlertWorld {
  sim: Simulator;
  oms: OmsClient;
  clock: { now: number };
  store: StateStore;
  chat: RecordingChat;
  charts: RecordingCharts;
  digests: DigestService;
  /** The ADS progress recorder (the simulator has ADS whether or not the bot does). */
  recorder: AdsProgressRecorder;
  /** ADS list calls made through the port the services use. */
  adsCalls: { n: number };
  /** Every log line, trace level up, as written. */
  lines: string[];
  /** A fresh service over the same store: what a restarted process would build. */
  service(): AlertService;
  /** Fields laid over one task's ADS answer from then on (e.g. `{ state: "DOING" }`: restarted). */
  override(taskId: string, fields: Partial<AdsTask>): void;
  /** A round at start + minutes: the evaluation, then (with ADS) the recorder, as in the bot. */
  round(minutes: number): Promise<EvaluationReport>;
  run(text: string, as?: { user?: string; tz?: string }): Promise<Reply & { isError: boolean }>;
  close(): Promise<void>;
}

// Module-wide: a world restarted over the same store never reuses an id.
let ids = 0;

export async function startAlertWorld(o: AlertWorldOptions = {}): Promise<AlertWorld> {
  const start = o.start ?? T0;
  const clock = { now: start };
  const store = o.store ?? createMemoryStore();
  const sim = await startSimulator({ ...o.sim, now: () => clock.now });
  const dispatcher = new Agent();
  const lines: string[] = [];
  const logger = pino({ level: "trace" }, { write: (l: string) => void lines.push(l) });
  const common = {
    dispatcher,
    logger,
    now: () => clock.now,
    sleep: async () => {},
    backoff: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    deadlineMs: 5_000,
  };
  const oms = omsClientFor(sim, {
    ...common,
    auth: new StaticTokenProvider(sim.credentials.tokens[0] ?? ""),
  });
  const client = adsClientFor(sim, { ...common, signingClock: () => new Date(clock.now) });
  const overrides = new Map<string, Partial<AdsTask>>();
  const adsCalls = { n: 0 };
  const port: AdsPort = {
    async listTasks(opts) {
      adsCalls.n++;
      const tasks = await client.listTasks(opts);
      return tasks.map((t) => ({ ...t, ...overrides.get(t.id) }));
    },
  };
  const ads = o.ads ? { ads: port } : {};
  const chat = new RecordingChat();
  const charts = new RecordingCharts();
  const service = () =>
    new AlertService({
      oms,
      store,
      outbound: chat,
      charts,
      logger,
      tz: "UTC",
      newId: () => `i${++ids}`,
      ...ads,
    });
  let alerts = service();
  const digests = new DigestService({
    oms,
    store,
    outbound: chat,
    charts,
    claims: { tryClaim: async () => true },
    logger,
    ...ads,
  });
  const recorder = new AdsProgressRecorder(port, store, logger);
  const alerting: Alerting = {
    store,
    outbound: chat,
    get alerts() {
      return alerts;
    },
    runDigest: async () => "not-found",
    digestsChanged: async () => {},
    rulesChanged: () => {},
    newId: (p) => `${p}${++ids}`,
    pollDescription: "every 5 minutes",
  };
  const runner = createCommandRunner({
    oms,
    charts,
    tasks: new TaskDirectory(oms, 0, () => clock.now),
    logger,
    alerting,
    ...ads,
  });
  return {
    sim,
    oms,
    clock,
    store,
    chat,
    charts,
    digests,
    recorder,
    adsCalls,
    lines,
    service: () => {
      alerts = service();
      return alerts;
    },
    override: (id, fields) => void overrides.set(id, { ...overrides.get(id), ...fields }),
    async round(minutes) {
      clock.now = start + minutes * MIN;
      const report = await alerts.evaluate(clock.now);
      if (o.ads) await recorder.record(clock.now);
      return report;
    },
    async run(text, as = {}) {
      const r = await runner.run(text, {
        userId: as.user ?? "UALICE",
        tz: as.tz ?? "UTC",
        now: clock.now,
        channelId: "COPS",
        isAdmin: true,
        source: "command",
      });
      return { ...r, isError: r.isError === true };
    },
    async close() {
      await dispatcher.close();
      await sim.close();
    },
  };
}

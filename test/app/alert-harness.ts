/**
 * Alerts against the simulator with a clock the test moves: the real OMS client over loopback,
 * the real store (memory or file), a chat that records what was posted (and can fail on cue),
 * and charts that record their inputs. The Slack adapter's own tests cover the wire.
 */
import pino from "pino";
import { Agent } from "undici";
import { AlertService } from "../../src/app/alerts/alert-service.ts";
import type { Alerting } from "../../src/app/alerts/alerting.ts";
import type { RequestContext } from "../../src/app/context.ts";
import type {
  AlertChartPort,
  OutboundChat,
  OutboundMessage,
  PostedRef,
  StateStore,
} from "../../src/app/ports.ts";
import { createCommandRunner } from "../../src/app/runner.ts";
import { TaskDirectory } from "../../src/app/task-directory.ts";
import { StaticTokenProvider } from "../../src/clients/auth/static-token.ts";
import type { OmsClient } from "../../src/clients/oms/client.ts";
import type { IncidentChartInput } from "../../src/core/chart-input.ts";
import type { DigestChartInput } from "../../src/core/digest-chart-input.ts";
import { OmsbotError } from "../../src/errors.ts";
import { omsClientFor } from "../../src/simulator/client.ts";
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../src/simulator/server.ts";

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

export class RecordingCharts implements AlertChartPort {
  readonly incidents: IncidentChartInput[] = [];
  readonly digests: DigestChartInput[] = [];
  async renderIncident(input: IncidentChartInput) {
    this.incidents.push(input);
    return new Uint8Array([0x89, 0x50]);
  }
  async renderDigest(input: DigestChartInput) {
    this.digests.push(input);
    return new Uint8Array([0x89, 0x50]);
  }
}

export interface AlertWorld {
  sim: Simulator;
  oms: OmsClient;
  clock: { now: number };
  chat: RecordingChat;
  charts: RecordingCharts;
  /** A fresh service over the same store: what a restarted process would build. */
  service(): AlertService;
  run(text: string, user?: string): Promise<{ text: string; isError: boolean }>;
  close(): Promise<void>;
}

let ids = 0;

export async function startAlertWorld(
  store: StateStore,
  start: number,
  simOptions: Omit<SimulatorOptions, "now"> = {},
): Promise<AlertWorld> {
  const clock = { now: start };
  const sim = await startSimulator({ ...simOptions, now: () => clock.now });
  const dispatcher = new Agent();
  const logger = pino({ level: "silent" });
  const oms = omsClientFor(sim, {
    auth: new StaticTokenProvider(sim.credentials.tokens[0] ?? ""),
    dispatcher,
    logger,
    now: () => clock.now,
    sleep: async () => {},
    backoff: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    deadlineMs: 5_000,
  });
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
    });
  let alerts = service();
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
    charts: { renderStats: async () => new Uint8Array() },
    tasks: new TaskDirectory(oms, 0, () => clock.now),
    logger,
    alerting,
  });
  const ctx = (user: string): RequestContext => ({
    userId: user,
    tz: "UTC",
    now: clock.now,
    channelId: "COPS",
    isAdmin: true,
    source: "command",
  });
  return {
    sim,
    oms,
    clock,
    chat,
    charts,
    service: () => {
      alerts = service();
      return alerts;
    },
    async run(text, user = "UALICE") {
      const r = await runner.run(text, ctx(user));
      return { text: r.text, isError: r.isError === true };
    },
    async close() {
      await dispatcher.close();
      await sim.close();
    },
  };
}

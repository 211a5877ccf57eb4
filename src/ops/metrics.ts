/**
 * The bot's Prometheus metrics (prom-client), one Registry per bot: tests start several bots in
 * one process, and prom-client's global registry refuses a metric name registered twice.
 * /metrics is served without authentication, so every label value comes from a small closed set
 * (command names from the grammar, error codes from errors.ts, fixed job kinds), never from what
 * a user typed or a server answered.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { CommandMetrics, CommandOutcome } from "../app/ports.ts";
import type { ErrorCode } from "../errors.ts";

export interface OpsMetricsOptions {
  /** Process metrics (CPU, RSS, heap, event loop lag, GC). Default true. */
  defaultMetrics?: boolean;
}

/** What the JSON client reports after each HTTP attempt (clients/http/json-client.ts). */
export interface CloudAttempt {
  service: string;
  /** "ok", or the coded error the attempt ended with. */
  outcome: "ok" | ErrorCode;
  /** Not the call's first attempt. */
  retry: boolean;
}

export type ChartKind = "stats" | "incident" | "digest";

/** Seconds: a command is a Slack answer (3 s ack, charts 1–5 s); a render is one PNG. */
const COMMAND_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30];
const RENDER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20];

/** Services the clients name themselves with; anything else is folded into "other". */
const SERVICE = /^[a-z][a-z0-9_]{0,31}$/;

export class OpsMetrics implements CommandMetrics {
  readonly registry = new Registry();

  private readonly commands: Counter<"command" | "outcome">;
  private readonly commandSeconds: Histogram<"command">;
  private readonly renderSeconds: Histogram<"kind" | "outcome">;
  private readonly cloudRequests: Counter<"service" | "outcome">;
  private readonly cloudRetries: Counter<"service">;
  private readonly alertsOpened: Counter;
  private readonly alertsResolved: Counter;
  private readonly digests: Counter;
  private readonly skippedRuns: Counter<"job">;
  private readonly slackLimited: Counter;

  constructor(o: OpsMetricsOptions = {}) {
    const registers = [this.registry];
    if (o.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.commands = new Counter({
      name: "omsbot_commands_total",
      help: "Commands run, by command name and outcome (ok, user_error, error).",
      labelNames: ["command", "outcome"],
      registers,
    });
    this.commandSeconds = new Histogram({
      name: "omsbot_command_duration_seconds",
      help: "Time from a command's text to its Reply (delivery to Slack not included).",
      labelNames: ["command"],
      buckets: COMMAND_BUCKETS,
      registers,
    });
    this.renderSeconds = new Histogram({
      name: "omsbot_render_duration_seconds",
      help: "Time to draw one chart, queueing for a worker included.",
      labelNames: ["kind", "outcome"],
      buckets: RENDER_BUCKETS,
      registers,
    });
    this.cloudRequests = new Counter({
      name: "omsbot_cloud_requests_total",
      help: "HTTP attempts to the cloud APIs, by service and outcome (ok or the error code).",
      labelNames: ["service", "outcome"],
      registers,
    });
    this.cloudRetries = new Counter({
      name: "omsbot_cloud_retries_total",
      help: "Cloud API attempts that were retries of a call.",
      labelNames: ["service"],
      registers,
    });
    this.alertsOpened = new Counter({
      name: "omsbot_alerts_opened_total",
      help: "Incidents opened (alert fired).",
      registers,
    });
    this.alertsResolved = new Counter({
      name: "omsbot_alerts_resolved_total",
      help: "Incidents resolved.",
      registers,
    });
    this.digests = new Counter({
      name: "omsbot_digests_posted_total",
      help: "Digests posted.",
      registers,
    });
    this.skippedRuns = new Counter({
      name: "omsbot_scheduled_runs_skipped_total",
      help: "Scheduled runs skipped because another replica holds them, by job kind.",
      labelNames: ["job"],
      registers,
    });
    this.slackLimited = new Counter({
      name: "omsbot_slack_rate_limited_total",
      help: "HTTP 429 answers from the Slack Web API (each is waited out and retried).",
      registers,
    });
  }

  commandHandled(command: string, outcome: CommandOutcome, seconds: number): void {
    this.commands.inc({ command, outcome });
    this.commandSeconds.observe({ command }, seconds);
  }

  chartRendered(kind: ChartKind, outcome: "ok" | "failed", seconds: number): void {
    this.renderSeconds.observe({ kind, outcome }, seconds);
  }

  cloudAttempt(a: CloudAttempt): void {
    const name = a.service.toLowerCase();
    const service = SERVICE.test(name) ? name : "other";
    this.cloudRequests.inc({
      service,
      outcome: a.outcome === "ok" ? "ok" : a.outcome.toLowerCase(),
    });
    if (a.retry) this.cloudRetries.inc({ service });
  }

  alertOpened(): void {
    this.alertsOpened.inc();
  }

  alertResolved(): void {
    this.alertsResolved.inc();
  }

  digestPosted(): void {
    this.digests.inc();
  }

  /** `job` is the scheduler's job name; a digest's ID is dropped (one series per kind). */
  scheduledRunSkipped(job: string): void {
    this.skippedRuns.inc({ job: jobKind(job) });
  }

  slackRateLimited(): void {
    this.slackLimited.inc();
  }

  /** The Prometheus text exposition, and its content type. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}

function jobKind(job: string): string {
  if (job === "alerts") return "alerts";
  if (job.startsWith("digest")) return "digest";
  return "other";
}

/**
 * One series' current value (a counter's count, a histogram's `_count`), for tests and tools:
 * prom-client answers asynchronously, and with every series of the metric at once.
 */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const named = values as Array<{
    value: number;
    labels: Record<string, string | number | undefined>;
    metricName?: string;
  }>;
  const wanted = Object.entries(labels);
  // A histogram's series are its buckets, _sum and _count: its value is the count.
  const isHistogram = named.some((v) => v.metricName?.endsWith("_count"));
  let total = 0;
  for (const v of named) {
    if (isHistogram && !v.metricName?.endsWith("_count")) continue;
    if (wanted.every(([k, x]) => String(v.labels[k]) === x)) total += v.value;
  }
  return total;
}

/**
 * A quantile estimated from a histogram's buckets, interpolated inside the bucket as
 * Prometheus's histogram_quantile() does (benches print it; a bucket's width is its error).
 */
export async function histogramQuantile(
  registry: Registry,
  name: string,
  q: number,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return Number.NaN;
  const { values } = await metric.get();
  const buckets = (values as Array<{ value: number; labels: { le?: string | number } }>)
    .filter((v) => v.labels.le !== undefined)
    .map((v) => ({ le: Number(v.labels.le), count: v.value }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (!Number.isFinite(b.le)) return lower;
      return lower + ((b.le - lower) * (rank - below)) / Math.max(1, b.count - below);
    }
    lower = b.le;
    below = b.count;
  }
  return lower;
}

/**
 * The Slack adapter's own metrics, on the bot's prom-client registry (ops/metrics.ts). Commands
 * are counted by the runner, under the name it parsed; here only what Slack adds: how fast
 * requests are acknowledged, how replies and uploads were delivered, Slack's errors, retries.
 */
import { Counter, Histogram, type Registry } from "prom-client";
import type { RequestContext } from "../../app/context.ts";
import type { DeliveryOutcome } from "./deliver.ts";

/** Slack's 3 s ack limit sits between the last two buckets but one. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];

export class SlackMetrics {
  readonly ackSeconds: Histogram;
  private readonly replies: Counter<"source" | "outcome">;
  private readonly uploadCount: Counter<"outcome">;
  private readonly errorCount: Counter<"method" | "code">;
  private readonly duplicateCount: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.ackSeconds = new Histogram({
      name: "omsbot_slack_ack_seconds",
      help: "Time from receiving a slash command or button click to acknowledging it.",
      buckets: ACK_BUCKETS,
      registers,
    });
    this.replies = new Counter({
      name: "omsbot_slack_replies_total",
      help: "Replies to commands, by where the command came from and how delivery ended (ok, told_asker, failed).",
      labelNames: ["source", "outcome"],
      registers,
    });
    this.uploadCount = new Counter({
      name: "omsbot_slack_uploads_total",
      help: "File uploads to Slack, by outcome.",
      labelNames: ["outcome"],
      registers,
    });
    this.errorCount = new Counter({
      name: "omsbot_slack_errors_total",
      help: "Slack API failures, by method and Slack error code.",
      labelNames: ["method", "code"],
      registers,
    });
    this.duplicateCount = new Counter({
      name: "omsbot_slack_duplicate_events_total",
      help: "Slack event retries dropped because the same event_id was already handled.",
      registers,
    });
  }

  replied(source: RequestContext["source"], outcome: DeliveryOutcome): void {
    this.replies.inc({ source, outcome });
  }

  uploads(outcome: "ok" | "failed", files: number): void {
    this.uploadCount.inc({ outcome }, files);
  }

  /** Labels are bounded to Slack's code shapes (see slackErrorLabel). */
  error(method: string, code: string): void {
    this.errorCount.inc({
      method: slackErrorLabel("method", method),
      code: slackErrorLabel("code", code),
    });
  }

  duplicate(): void {
    this.duplicateCount.inc();
  }
}

/**
 * /metrics is served without authentication, so error labels must not carry what an answer
 * might put in them (a proxy's free text, a channel or user ID, a token). Slack's codes and our
 * method names start lowercase and have no `-`; Slack IDs (C…, U…) and tokens (xoxb-…) do not fit.
 */
const SLACK_CODE = /^[a-z][a-z0-9_]{0,63}$/;
const METHOD = /^[a-z][A-Za-z0-9_.]{0,63}$/;

export function slackErrorLabel(name: "method" | "code", value: string): string {
  const shape = name === "method" ? METHOD : SLACK_CODE;
  return shape.test(value) ? value : "other";
}

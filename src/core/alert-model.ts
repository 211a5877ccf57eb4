/**
 * What alerts and digests keep between runs: rules, incidents, mutes, digests. Plain data (JSON
 * round-trips unchanged), so every store (file, Redis) can hold it and every version can read it.
 */
import type { AlertCondition } from "./command.ts";
import type { IncidentEffect } from "./incident-machine.ts";

/**
 * What a rule watches. `service` absent is OMS: rules stored before ADS existed keep working. An
 * `all` rule covers every OMS task, except with `failed` (an ADS-only condition): every ADS task.
 */
export type RuleService = "oms" | "ads";
export type RuleTarget =
  | { all: true }
  | { all: false; taskId: string; taskName: string; service?: RuleService };

export interface AlertRule {
  id: string;
  target: RuleTarget;
  condition: AlertCondition;
  /** Slack channel ID (or `#name` at the shell). */
  channelId: string;
  /** A firing incident is re-posted in its thread at most this often. */
  repeatMs: number;
  createdBy: string;
  createdAt: number;
}

/**
 * One breach of one rule for one task, from first post to resolution.
 * `opening`: the intent to post the root is recorded but its `ts` is not (yet): a crash here is
 * healed by looking for the root (its metadata holds the incident ID) before posting again.
 */
export type IncidentState = "opening" | "firing" | "resolved";

export interface Incident {
  id: string;
  ruleId: string;
  taskId: string;
  taskName: string;
  channelId: string;
  state: IncidentState;
  /** The root message's ts, once known. */
  rootTs?: string;
  openedAt: number;
  /** The last evaluation that saw the breach. */
  lastBreachAt: number;
  /** The value last told in the channel (root or thread reply), and when. */
  lastToldValue: number;
  lastToldAt: number;
  /** The latest measured value. */
  value: number;
  threshold: number;
  /** Evaluations in a row without the breach; two resolve it (no flapping). */
  clearStreak: number;
  ackedBy?: { userId: string; at: number };
  mutedUntil?: number;
  /** Who muted it (the root names them). */
  mutedBy?: string;
  /** Which service the task is of; absent: OMS (incidents stored before ADS existed). */
  service?: RuleService;
  /** The rule's condition when it opened: the root and replies describe it even if the rule goes. */
  condition?: AlertCondition;
  /** The latest evaluation's one-line summary (mrkdwn-safe). */
  summary?: string;
  /** When the breach began as the data showed it (may be before `openedAt`). */
  since?: number;
  resolvedAt?: number;
  /** Effects that failed to reach the chat (Slack down): retried at the next round, in order. */
  pending?: IncidentEffect[];
  /** The root was deleted in Slack: never touched again. */
  rootGone?: boolean;
}

export interface Mute {
  /** `${ruleId}:${taskId}`, or `${ruleId}:*` for every task of the rule. */
  id: string;
  ruleId: string;
  taskId: string;
  until: number;
  by: string;
}

/** Per rule and task: evaluations that could not run (OMS down), for "no data since …". */
export interface RuleHealth {
  id: string;
  ruleId: string;
  failuresInARow: number;
  /** The last evaluation that had data. */
  lastDataAt?: number;
  /** When the "cannot evaluate" notice went to the channel, so it is sent once per outage. */
  noticeSentAt?: number;
}

export interface DigestSpec {
  id: string;
  channelId: string;
  hour: number;
  minute: number;
  tz: string;
  tasks: { all: true } | { all: false; taskIds: string[] };
  createdBy: string;
  createdAt: number;
}

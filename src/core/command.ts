/** The parsed command language of DESIGN.md ("Command language"). Produced by parse-command.ts. */
import type { DataType, TaskStatus } from "./domain.ts";

/** A wall-clock time as typed, read in the user's timezone. Date parts absent = today. */
export interface LocalDateTime {
  year?: number;
  month?: number;
  day?: number;
  hour: number;
  minute: number;
}

export type RangeSpec =
  | { kind: "last"; amount: number; unit: "m" | "h" | "d" | "w" }
  | { kind: "today" }
  | { kind: "yesterday" }
  | { kind: "since"; from: LocalDateTime }
  | { kind: "between"; from: LocalDateTime; to: LocalDateTime };

/** `<#C0123ABCD|name>` (Slack-escaped) gives id (+ name); `#name` typed at the shell gives name. */
export interface ChannelRef {
  id?: string;
  name?: string;
}

export type AlertCondition =
  | { kind: "failures"; threshold: number; windowMs: number }
  | { kind: "failure-rate"; percent: number; windowMs: number }
  | { kind: "stopped" }
  | { kind: "stalled"; durationMs: number }
  /** A SenseCore ADS task is FAILED (ADS tasks only; core/ads-alerts.ts). */
  | { kind: "failed" }
  /** `alert add exports`: a CDN statistics export task finished (not an OMS task condition). */
  | { kind: "export-finished" };

/** A task as typed: ID, unique 6+ char ID prefix, description, or `src→dst` / `src->dst`. */
export type TaskRef = string;

export type Command =
  | { name: "help"; topic?: string }
  | { name: "list"; status?: TaskStatus }
  | { name: "task"; task: TaskRef }
  | { name: "stats"; task: TaskRef; range: RangeSpec; types: DataType[]; csv: boolean }
  | {
      name: "alert.add";
      target: { all: true } | { all: false; task: TaskRef };
      condition: AlertCondition;
      channel?: ChannelRef;
      repeatMs?: number;
    }
  | { name: "alert.list" }
  | { name: "alert.remove"; id: string }
  | { name: "alert.mute"; target: string; durationMs: number }
  | { name: "alert.unmute"; target: string }
  /** Acknowledge a firing incident (its root's Ack button runs this): reminders stop. */
  | { name: "alert.ack"; incident: string }
  | {
      name: "digest.add";
      channel?: ChannelRef;
      at: { hour: number; minute: number };
      tz?: string;
      tasks: { all: true } | { all: false; refs: TaskRef[] };
    }
  | { name: "digest.list" }
  | { name: "digest.remove"; id: string }
  | { name: "digest.run"; id: string }
  | { name: "exports"; taskName?: string };

export type CommandName = Command["name"];

/** Commands that change state; BOT_ADMINS limits these. */
export const STATE_CHANGING: ReadonlySet<CommandName> = new Set([
  "alert.add",
  "alert.remove",
  "alert.mute",
  "alert.unmute",
  "digest.add",
  "digest.remove",
]);

/**
 * The incident lifecycle for one rule and one task, as pure transitions: the previous incident
 * and what happened in, the next incident and the effects (data) out. The app layer carries the
 * effects out (post, upload, reply, update) and stores `next` through StateStore.update.
 *
 *   (none) --breach--> opening --root ts recorded / found--> firing --2 clears in a row--> resolved
 *
 * A breach after `resolved` opens a new incident with a new ID (and a new root).
 */
import { type Evaluation, INCIDENT_CHART_MS } from "./alert-evaluate.ts";
import type { AlertRule, Incident, Mute } from "./alert-model.ts";
import type { TimeRange } from "./domain.ts";
import { UNIT_MS } from "./duration.ts";

/** Evaluations in a row without the breach that resolve an incident: one dip is not the end. */
export const CLEARS_TO_RESOLVE = 2;
/** What the Mute button mutes for. */
export const MUTE_BUTTON_MS = UNIT_MS.h;
/** The repeat interval when `alert add` gave none. */
export const DEFAULT_REPEAT_MS = UNIT_MS.h;

export type IncidentEffect =
  | { kind: "post-root"; incidentId: string }
  /** Into the root's thread, once the root's ts is known. */
  | { kind: "upload-chart"; incidentId: string; range: TimeRange; threshold: number }
  | { kind: "thread-reply"; incidentId: string; reply: ThreadReply }
  /** Re-render the root from the incident as it is now (ack, mute, resolution). */
  | { kind: "update-root"; incidentId: string };

export type ThreadReply =
  | { kind: "still-firing"; value: number; previous: number; summary: string }
  | { kind: "resolved"; lastedMs: number; summary: string };

export interface Transition {
  /** What to store; undefined: nothing (no incident was or is open). */
  next: Incident | undefined;
  effects: IncidentEffect[];
}

export interface StepInput {
  rule: AlertRule;
  task: { id: string; name: string };
  /** undefined: no data (OMS down). Not an evaluation: it neither opens nor resolves. */
  evaluation: Evaluation | undefined;
  /** The mute in force for this rule and task, if any (see activeMute). */
  mute?: Mute | undefined;
  /** The ID a new incident gets; ignored unless one opens (no randomness in here). */
  newId: string;
}

const isOpen = (i: Incident | undefined): i is Incident =>
  i !== undefined && i.state !== "resolved";

/** Whether the root message can be replied to and updated. */
export const rootKnown = (i: Incident): boolean => i.rootTs !== undefined && i.rootGone !== true;

/** The mute for `ruleId` and `taskId` (or for every task of the rule) still in force at `now`. */
export function activeMute(
  mutes: readonly Mute[],
  ruleId: string,
  taskId: string,
  now: number,
): Mute | undefined {
  return mutes.find(
    (m) => m.ruleId === ruleId && (m.taskId === taskId || m.taskId === "*") && m.until > now,
  );
}

/**
 * Still firing, is a thread reply due? Only on a known root, not acknowledged, not muted, and at
 * least `repeatMs` after the last thing told (root or reply). An unchanged value is told too
 * when the interval has passed ("still 42"): for `stopped` the value never changes, and the
 * repeat interval is exactly the reminder the rule's author asked for. A changed value before
 * the interval waits: the interval is a ceiling on noise, whatever the numbers do.
 */
export function reminderDue(incident: Incident, repeatMs: number, now: number): boolean {
  if (incident.state !== "firing" || !rootKnown(incident)) return false;
  if (incident.ackedBy || (incident.mutedUntil ?? 0) > now) return false;
  return now - incident.lastToldAt >= repeatMs;
}

/** One evaluation (or "no data") for one rule and task. */
export function step(prev: Incident | undefined, input: StepInput, now: number): Transition {
  const open = isOpen(prev) ? prev : undefined;
  const ev = input.evaluation;
  if (!ev) return { next: open, effects: [] };
  const muted = input.mute !== undefined && input.mute.until > now;
  if (!open) {
    if (!ev.breached || muted) return { next: undefined, effects: [] };
    return openIncident(input, ev, now);
  }
  let next: Incident = { ...open, value: ev.value, summary: ev.summary };
  // The stored Mute is the truth (it may come from `alert mute`, not the button); the root
  // follows it, and loses its "muted" line and gets its button back when it runs out.
  let rootChanged = false;
  if (muted && input.mute && (next.mutedUntil ?? 0) < input.mute.until) {
    next = { ...next, mutedUntil: input.mute.until, mutedBy: input.mute.by };
    rootChanged = true;
  } else if (next.mutedUntil !== undefined && next.mutedUntil <= now) {
    const { mutedUntil: _u, mutedBy: _b, ...rest } = next;
    next = rest;
    rootChanged = true;
  }
  const effects: IncidentEffect[] = [];
  if (ev.breached) {
    next = { ...next, lastBreachAt: now, clearStreak: 0 };
    if (reminderDue(next, input.rule.repeatMs, now)) {
      const reply: ThreadReply = {
        kind: "still-firing",
        value: ev.value,
        previous: open.lastToldValue,
        summary: ev.summary,
      };
      effects.push({ kind: "thread-reply", incidentId: next.id, reply });
      next = { ...next, lastToldValue: ev.value, lastToldAt: now };
    }
  } else {
    const clearStreak = open.clearStreak + 1;
    next = { ...next, clearStreak };
    if (clearStreak >= CLEARS_TO_RESOLVE) {
      next = { ...next, state: "resolved", resolvedAt: now };
      const reply: ThreadReply = {
        kind: "resolved",
        lastedMs: now - next.openedAt,
        summary: ev.summary,
      };
      if (rootKnown(next)) effects.push({ kind: "thread-reply", incidentId: next.id, reply });
      rootChanged = true;
    }
  }
  if (rootChanged && rootKnown(next)) effects.push({ kind: "update-root", incidentId: next.id });
  return { next, effects };
}

function openIncident(input: StepInput, ev: Evaluation, now: number): Transition {
  const incident: Incident = {
    id: input.newId,
    ruleId: input.rule.id,
    taskId: input.task.id,
    taskName: input.task.name,
    channelId: input.rule.channelId,
    state: "opening",
    openedAt: now,
    lastBreachAt: now,
    lastToldValue: ev.value,
    lastToldAt: now,
    value: ev.value,
    threshold: ev.threshold,
    clearStreak: 0,
    condition: input.rule.condition,
    summary: ev.summary,
    since: ev.since ?? now,
  };
  return {
    next: incident,
    effects: [
      { kind: "post-root", incidentId: incident.id },
      {
        kind: "upload-chart",
        incidentId: incident.id,
        range: { start: now - INCIDENT_CHART_MS, end: now },
        threshold: ev.threshold,
      },
    ],
  };
}

/** The root was posted (or found in the channel's history on restart): its ts is recorded. */
export function rootRecorded(incident: Incident, rootTs: string): Incident {
  if (incident.rootTs === rootTs && incident.state !== "opening") return incident;
  return {
    ...incident,
    rootTs,
    state: incident.state === "opening" ? "firing" : incident.state,
  };
}

/**
 * An `opening` incident after a restart: the root may have been posted before the crash. Found
 * (the app looked in the channel for the incident ID in message metadata) → record it, post
 * nothing. Not found → post it now. The chart is not uploaded again when found: a duplicate in
 * the thread is worse than a missing picture.
 */
export function healOpening(
  incident: Incident,
  foundTs: string | undefined,
  now: number,
): Transition {
  if (incident.state !== "opening") return { next: incident, effects: [] };
  if (foundTs !== undefined) return { next: rootRecorded(incident, foundTs), effects: [] };
  return {
    next: incident,
    effects: [
      { kind: "post-root", incidentId: incident.id },
      {
        kind: "upload-chart",
        incidentId: incident.id,
        range: { start: now - INCIDENT_CHART_MS, end: now },
        threshold: incident.threshold,
      },
    ],
  };
}

/**
 * Slack answered `message_not_found` for the root: someone deleted it. The incident goes on
 * silently (it still resolves, so a later breach opens a new one) and nothing touches the root
 * again, so the error cannot come back in a loop.
 */
export function rootGone(incident: Incident): Incident {
  return incident.rootGone ? incident : { ...incident, rootGone: true };
}

/** Anyone may Ack: the root shows who and when, reminders stop, resolution still comes. */
export function ack(incident: Incident, userId: string, now: number): Transition {
  if (!isOpen(incident) || incident.ackedBy) return { next: incident, effects: [] };
  const next: Incident = { ...incident, ackedBy: { userId, at: now } };
  return { next, effects: rootKnown(next) ? [{ kind: "update-root", incidentId: next.id }] : [] };
}

/** A mute for this incident's rule and task, e.g. from the Mute 1h button. */
export function muteFor(
  incident: Incident,
  userId: string,
  now: number,
  durationMs = MUTE_BUTTON_MS,
): Mute {
  return {
    id: `${incident.ruleId}:${incident.taskId}`,
    ruleId: incident.ruleId,
    taskId: incident.taskId,
    until: now + durationMs,
    by: userId,
  };
}

/**
 * A mute (button or `alert mute`) applied to the open incident it covers: no reminders until it
 * ends, and the root says so. Blocking new incidents is `step`'s job, from the stored Mute.
 */
export function applyMute(incident: Incident, mute: Mute): Transition {
  if (!isOpen(incident)) return { next: incident, effects: [] };
  if ((incident.mutedUntil ?? 0) >= mute.until) return { next: incident, effects: [] };
  const next: Incident = { ...incident, mutedUntil: mute.until, mutedBy: mute.by };
  return { next, effects: rootKnown(next) ? [{ kind: "update-root", incidentId: next.id }] : [] };
}

/** The Mute 1h button: the Mute to store, and the incident's transition. */
export function mute(
  incident: Incident,
  userId: string,
  now: number,
  durationMs = MUTE_BUTTON_MS,
): Transition & { mute: Mute } {
  const m = muteFor(incident, userId, now, durationMs);
  return { ...applyMute(incident, m), mute: m };
}

/** `alert unmute`: the root loses its "muted" line; reminders resume at the next evaluation. */
export function unmute(incident: Incident): Transition {
  if (!isOpen(incident) || incident.mutedUntil === undefined)
    return { next: incident, effects: [] };
  const { mutedUntil: _u, mutedBy: _b, ...next } = incident;
  return { next, effects: rootKnown(next) ? [{ kind: "update-root", incidentId: next.id }] : [] };
}

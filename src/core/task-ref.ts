/**
 * Finding the task a user means: ID, unique ID prefix (6+ characters), description, or
 * `src_bucket→dst_bucket` — all case-insensitive.
 */
import { OmsbotError } from "../errors.ts";
import type { SyncTask } from "./domain.ts";
import { undoLookAlikes } from "./format.ts";
import { quote } from "./parse-errors.ts";
import { editDistance } from "./text-distance.ts";

export const MIN_ID_PREFIX = 6;

/**
 * What resolving needs of a task. A SyncTask is one; another service's task (SenseCore ADS,
 * core/ads-task-ref.ts) is shaped into one, so both are found by the same rules.
 */
export type RefTarget = Pick<SyncTask, "id" | "description" | "srcBucket" | "dstBucket">;

/** The description if it has one, else `src→dst`. */
export function taskDisplayName(task: RefTarget): string {
  const d = task.description.trim();
  return d.length > 0 ? d : `${task.srcBucket}→${task.dstBucket}`;
}

/**
 * Lower case, quotes dropped, arrows and whitespace in one spelling, formatting look-alikes back
 * to their markers: replies show `*_~` of a name as look-alikes (core/format.ts mrkdwnText), and
 * a name copied from a reply must still find its task.
 */
function normalize(s: string): string {
  return undoLookAlikes(s)
    .trim()
    .replace(/^["'\u201C\u2018](.*)["'\u201D\u2019]$/s, "$1")
    .toLowerCase()
    .replace(/\s*(?:->|\u2192)\s*/g, "→")
    .replace(/\s+/g, " ")
    .trim();
}

const squash = (s: string) => s.replace(/\s+/g, "");

export interface ResolveTaskOptions<T extends RefTarget = SyncTask> {
  /** The command the examples in error messages use (`stats`, `task`, `alert mute`). */
  command?: string;
  /** How a candidate is listed in a refusal (e.g. with its service); default name and ID. */
  label?: (task: T) => string;
  /** "sync tasks" unless given: said when there are none at all. */
  noun?: string;
}

export function defaultTaskLabel(task: RefTarget): string {
  return `${quote(taskDisplayName(task), 80)} (ID ${quote(task.id, 80)})`;
}

/** Edits beyond this are not a typo of the name but another name. */
const MAX_EDITS = 12;
/** At most this share of the longer string may differ for a near miss to be suggested. */
const MAX_EDIT_SHARE = 0.4;
/** An ID is random: more than one edit in a short prefix is a different task, not a typo. */
const MAX_ID_EDIT_SHARE = 0.2;
/** Shorter strings are "in" almost anything (a bucket `p`, a ref `ab`). */
const MIN_SUBSTRING = 3;

/**
 * How near a task is to `r` (normalized), lower is nearer, undefined when not near at all.
 * A prefix (0.x) beats a substring (1.x) beats a typo (2.x); within a tier, a ref covering more
 * of the name wins, so `nightly` ranks `nightly-backup` before `nightly-backup-eu`.
 */
function nearness(r: string, t: RefTarget): number | undefined {
  const names = [
    normalize(t.description),
    normalize(`${t.srcBucket}→${t.dstBucket}`),
    t.srcBucket.trim().toLowerCase(),
    t.dstBucket.trim().toLowerCase(),
  ].filter((n) => n.length > 0);
  const id = t.id.toLowerCase();
  const uncovered = (n: string) => 1 - Math.min(r.length, n.length) / Math.max(r.length, n.length);
  let best: number | undefined;
  const keep = (score: number) => {
    if (best === undefined || score < best) best = score;
  };
  if (r.length >= MIN_SUBSTRING && id.startsWith(r)) keep(0);
  for (const n of names) {
    if (r.length < MIN_SUBSTRING || n.length < MIN_SUBSTRING) continue;
    if (n.startsWith(r)) keep(uncovered(n) * 0.9);
    // A name inside a longer ref counts only when it is most of it (`dst` is in many a typo).
    else if (n.includes(r) || (r.includes(n) && n.length * 2 >= r.length)) {
      keep(1 + uncovered(n) * 0.9);
    }
  }
  if (best !== undefined) return best;
  for (const n of names) {
    const d = editDistance(r, n, MAX_EDITS);
    const share = d / Math.max(r.length, n.length);
    if (d <= MAX_EDITS && share <= MAX_EDIT_SHARE) keep(2 + share);
  }
  if (r.length >= MIN_ID_PREFIX) {
    const d = editDistance(r, id.slice(0, r.length), MAX_EDITS);
    const share = d / r.length;
    if (d <= MAX_EDITS && share <= MAX_ID_EDIT_SHARE) keep(2 + share);
  }
  return best;
}

/** Names and IDs nearest to what was typed: prefixes, then substrings, then typos; none else. */
export function closestTasks<T extends RefTarget>(ref: string, tasks: readonly T[], max = 3): T[] {
  const r = normalize(ref);
  if (r.length === 0) return [];
  const scored: { t: T; score: number }[] = [];
  for (const t of tasks) {
    const score = nearness(r, t);
    if (score !== undefined) scored.push({ t, score });
  }
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, max)
    .map((s) => s.t);
}

/**
 * How to name `task` in an example that resolves to it: its name when that is unique and plain
 * enough to type back (quoted when it has spaces), else its ID.
 */
function refFor(task: RefTarget, tasks: readonly RefTarget[]): string {
  const name = taskDisplayName(task);
  if (!/^[\p{L}\p{N}._→-]+(?: [\p{L}\p{N}._→-]+)*$/u.test(name)) return task.id;
  const n = normalize(name);
  // resolveTask returns `task` when nothing else matches the name exactly in any of its tiers.
  const others = tasks.filter(
    (t) =>
      t !== task &&
      (t.id.toLowerCase() === n ||
        normalize(t.description) === n ||
        normalize(`${t.srcBucket}→${t.dstBucket}`) === n),
  );
  if (others.length > 0) return task.id;
  return name.includes(" ") ? `"${name}"` : name;
}

function ambiguous<T extends RefTarget>(
  ref: string,
  matches: T[],
  command: string,
  label: (t: T) => string,
): OmsbotError {
  const shown = matches.slice(0, 5).map((t) => `• ${label(t)}`);
  if (matches.length > 5) shown.push(`• …and ${matches.length - 5} more`);
  const first = matches[0]?.id ?? "";
  return new OmsbotError(
    "TASK_AMBIGUOUS",
    `${quote(ref)} matches ${matches.length} tasks:\n${shown.join("\n")}\nUse the ID, e.g. ${quote(`${command} ${first}`, 120)}.`,
  );
}

function notFound<T extends RefTarget>(
  ref: string,
  tasks: readonly T[],
  command: string,
  label: (t: T) => string,
  noun: string,
): OmsbotError {
  const r = normalize(ref);
  if (tasks.length === 0) {
    return new OmsbotError("TASK_NOT_FOUND", `There are no ${noun}, so ${quote(ref)} is not one.`);
  }
  const short =
    r.length > 0 && r.length < MIN_ID_PREFIX && tasks.some((t) => t.id.toLowerCase().startsWith(r))
      ? ` An ID prefix needs at least ${MIN_ID_PREFIX} characters.`
      : "";
  const near = closestTasks(ref, tasks);
  const first = near[0];
  const example = first ? quote(`${command} ${refFor(first, tasks)}`, 120) : "`list`";
  const closest =
    near.length > 0 ? `\nClosest:\n${near.map((t) => `• ${label(t)}`).join("\n")}` : "";
  const tail = first
    ? `Try ${example}, or \`list\` to see all tasks.`
    : "Try `list` to see all tasks.";
  return new OmsbotError(
    "TASK_NOT_FOUND",
    `I can't find a task ${quote(ref)}.${short}${closest}\n${tail}`,
  );
}

/**
 * The one task `ref` names. Exact matches (ID, then description or buckets) win over ID prefixes;
 * several equal matches are TASK_AMBIGUOUS; none is TASK_NOT_FOUND with the closest candidates.
 */
export function resolveTask<T extends RefTarget = SyncTask>(
  ref: string,
  tasks: readonly T[],
  options: ResolveTaskOptions<T> = {},
): T {
  const command = options.command ?? "task";
  const label = options.label ?? defaultTaskLabel;
  const missing = () => notFound(ref, tasks, command, label, options.noun ?? "sync tasks");
  const r = normalize(ref);
  if (r.length === 0) throw missing();
  const byId = tasks.find((t) => t.id.toLowerCase() === r);
  if (byId) return byId;

  const pick = (matches: T[]): T | undefined => {
    if (matches.length > 1) throw ambiguous(ref, matches, command, label);
    return matches[0];
  };
  const byName = pick(tasks.filter((t) => normalize(t.description) === r && r.length > 0));
  if (byName) return byName;
  const byBuckets = pick(
    tasks.filter(
      (t) => (t.srcBucket || t.dstBucket) && normalize(`${t.srcBucket}→${t.dstBucket}`) === r,
    ),
  );
  if (byBuckets) return byBuckets;
  // Unquoted names arrive re-spaced (`a>b` typed becomes `a > b`); compare without spaces too.
  const byLooseName = pick(
    tasks.filter(
      (t) => t.description.trim() !== "" && squash(normalize(t.description)) === squash(r),
    ),
  );
  if (byLooseName) return byLooseName;
  if (r.length >= MIN_ID_PREFIX) {
    const byPrefix = pick(tasks.filter((t) => t.id.toLowerCase().startsWith(r)));
    if (byPrefix) return byPrefix;
  }
  throw missing();
}

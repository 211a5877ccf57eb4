/**
 * Finding the task a user means: ID, unique ID prefix (6+ characters), description, or
 * `src_bucket→dst_bucket` — all case-insensitive.
 */
import { OmsbotError } from "../errors.ts";
import type { SyncTask } from "./domain.ts";
import { quote } from "./parse-errors.ts";
import { editDistance } from "./text-distance.ts";

export const MIN_ID_PREFIX = 6;

/** The description if it has one, else `src→dst`. */
export function taskDisplayName(task: SyncTask): string {
  const d = task.description.trim();
  return d.length > 0 ? d : `${task.srcBucket}→${task.dstBucket}`;
}

/** Lower case, quotes dropped, arrows and whitespace in one spelling. */
function normalize(s: string): string {
  return s
    .trim()
    .replace(/^["'\u201C\u2018](.*)["'\u201D\u2019]$/s, "$1")
    .toLowerCase()
    .replace(/\s*(?:->|\u2192)\s*/g, "→")
    .replace(/\s+/g, " ")
    .trim();
}

const squash = (s: string) => s.replace(/\s+/g, "");

export interface ResolveTaskOptions {
  /** The command the examples in error messages use (`stats`, `task`, `alert mute`). */
  command?: string;
}

function label(task: SyncTask): string {
  return `${quote(taskDisplayName(task), 80)} (ID \`${task.id}\`)`;
}

/** Names and IDs nearest to what was typed: substrings first, then by edit distance. */
export function closestTasks(ref: string, tasks: readonly SyncTask[], max = 3): SyncTask[] {
  const r = normalize(ref);
  const scored = tasks.map((t) => {
    const names = [
      normalize(t.description),
      normalize(`${t.srcBucket}→${t.dstBucket}`),
      t.srcBucket.toLowerCase(),
      t.dstBucket.toLowerCase(),
    ].filter((n) => n.length > 0);
    const id = t.id.toLowerCase();
    let score = Number.POSITIVE_INFINITY;
    for (const n of names) {
      // Very short names (a bucket `p`) would be "in" almost anything typed.
      if (r.length >= 3 && n.length >= 3 && (n.includes(r) || r.includes(n))) score = 0;
      score = Math.min(score, editDistance(r, n, 12) / Math.max(n.length, 1));
    }
    if (r.length >= 3 && id.startsWith(r)) score = 0;
    score = Math.min(score, editDistance(r, id.slice(0, r.length), 12) / Math.max(r.length, 1));
    return { t, score };
  });
  return scored
    .filter((s) => s.score <= 0.5)
    .sort((a, b) => a.score - b.score)
    .slice(0, max)
    .map((s) => s.t);
}

function ambiguous(ref: string, matches: SyncTask[], command: string): OmsbotError {
  const shown = matches.slice(0, 5).map((t) => `• ${label(t)}`);
  if (matches.length > 5) shown.push(`• …and ${matches.length - 5} more`);
  const first = matches[0]?.id ?? "";
  return new OmsbotError(
    "TASK_AMBIGUOUS",
    `${quote(ref)} matches ${matches.length} tasks:\n${shown.join("\n")}\nUse the ID, e.g. \`${command} ${first}\`.`,
  );
}

function notFound(ref: string, tasks: readonly SyncTask[], command: string): OmsbotError {
  const r = normalize(ref);
  if (tasks.length === 0) {
    return new OmsbotError(
      "TASK_NOT_FOUND",
      `There are no sync tasks, so ${quote(ref)} is not one.`,
    );
  }
  const short =
    r.length < MIN_ID_PREFIX && tasks.some((t) => t.id.toLowerCase().startsWith(r))
      ? ` An ID prefix needs at least ${MIN_ID_PREFIX} characters.`
      : "";
  const near = closestTasks(ref, tasks);
  const first = near[0];
  const example = first
    ? `\`${command} ${taskDisplayName(first).includes(" ") ? `"${taskDisplayName(first)}"` : taskDisplayName(first)}\``
    : `\`${command} <ID>\``;
  const closest =
    near.length > 0 ? `\nClosest:\n${near.map((t) => `• ${label(t)}`).join("\n")}` : "";
  return new OmsbotError(
    "TASK_NOT_FOUND",
    `I can't find a task ${quote(ref)}.${short}${closest}\nTry ${example}, or \`list\` to see all tasks.`,
  );
}

/**
 * The one task `ref` names. Exact matches (ID, then description or buckets) win over ID prefixes;
 * several equal matches are TASK_AMBIGUOUS; none is TASK_NOT_FOUND with the closest candidates.
 */
export function resolveTask(
  ref: string,
  tasks: readonly SyncTask[],
  options: ResolveTaskOptions = {},
): SyncTask {
  const command = options.command ?? "task";
  const r = normalize(ref);
  if (r.length === 0) throw notFound(ref, tasks, command);
  const byId = tasks.find((t) => t.id.toLowerCase() === r);
  if (byId) return byId;

  const pick = (matches: SyncTask[]): SyncTask | undefined => {
    if (matches.length > 1) throw ambiguous(ref, matches, command);
    return matches[0];
  };
  const byName = pick(tasks.filter((t) => normalize(t.description) === r && r.length > 0));
  if (byName) return byName;
  const byBuckets = pick(tasks.filter((t) => normalize(`${t.srcBucket}→${t.dstBucket}`) === r));
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
  throw notFound(ref, tasks, command);
}

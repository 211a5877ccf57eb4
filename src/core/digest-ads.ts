/**
 * The SenseCore ADS section of the daily digest, pure: each ADS task's state, progress, files
 * and rate, failed ones first. ADS keeps no history of counts (seed 004), so the section is the
 * state at posting time, not a 24 h comparison like the OMS part; and it has no chart row.
 */
import type { AdsTask } from "./ads-domain.ts";
import { adsDisplayName } from "./ads-task-ref.ts";
import type { DigestSpec } from "./alert-model.ts";
import { formatCount, mrkdwnText } from "./format.ts";
import type { ReplyBlock } from "./reply.ts";

/** What the digest got from ADS: its tasks, or that it did not answer. */
export type DigestAds = { tasks: readonly AdsTask[] } | "unavailable";

/** Lines listed at most; failed ones come first, so they are never the ones left out. */
export const DIGEST_ADS_MAX_LISTED = 50;

/** Said where the section would be when ADS did not answer (the digest still goes out). */
export const DIGEST_ADS_UNAVAILABLE = "SenseCore ADS unavailable";

/** The ADS tasks a digest covers: every one for `tasks all`, else those its IDs name. */
export function digestAdsTasks(spec: DigestSpec, tasks: readonly AdsTask[]): AdsTask[] {
  if (spec.tasks.all) return [...tasks];
  const ids = new Set(spec.tasks.taskIds);
  return tasks.filter((t) => ids.has(t.id));
}

/** FAILED first, then by name, then ID, so the order is stable from day to day. */
function byFailedFirst(a: AdsTask, b: AdsTask): number {
  const fa = a.state === "FAILED" ? 0 : 1;
  const fb = b.state === "FAILED" ? 0 : 1;
  return fa - fb || adsDisplayName(a).localeCompare(adsDisplayName(b)) || a.id.localeCompare(b.id);
}

/** One task's line; outside text (name, state, rate, error) escaped. */
export function adsDigestLine(t: AdsTask): string {
  const parts = [`• *${mrkdwnText(adsDisplayName(t))}* · ${mrkdwnText(t.state)}`];
  if (t.percent !== null) parts.push(`${t.percent}%`);
  if (t.totalNum !== null || t.completeNum !== null) {
    parts.push(`${formatCount(t.completeNum ?? 0)} of ${formatCount(t.totalNum ?? 0)} files`);
  }
  if (t.rate) parts.push(mrkdwnText(t.rate));
  const line = parts.join(" · ");
  const icon = t.state === "FAILED" ? ":x: " : "";
  const err = t.state === "FAILED" && t.errMsg ? `\n    _${mrkdwnText(t.errMsg)}_` : "";
  return `${icon}${line}${err}`;
}

/**
 * The section's blocks, and its words for the message's fallback text. `wanted`: the digest
 * names ADS tasks (or covers all tasks); without it and without tasks, no section at all.
 */
export function adsDigestSection(
  spec: DigestSpec,
  ads: DigestAds,
  pack: (lines: readonly string[]) => string[],
): { blocks: ReplyBlock[]; summary: string } {
  if (ads === "unavailable") {
    const text = `*SenseCore ADS* · :warning: ${DIGEST_ADS_UNAVAILABLE}: its tasks are left out of this digest.`;
    return { blocks: [{ kind: "section", text }], summary: DIGEST_ADS_UNAVAILABLE };
  }
  const tasks = digestAdsTasks(spec, ads.tasks).sort(byFailedFirst);
  if (tasks.length === 0) return { blocks: [], summary: "" };
  const failed = tasks.filter((t) => t.state === "FAILED").length;
  const n = tasks.length;
  const head = `*SenseCore ADS* · ${n} task${n === 1 ? "" : "s"}${failed > 0 ? ` · :x: ${failed} failed` : ""} · as of posting`;
  const shown = tasks.slice(0, DIGEST_ADS_MAX_LISTED);
  const blocks: ReplyBlock[] = [{ kind: "section", text: head }];
  for (const text of pack(shown.map(adsDigestLine))) blocks.push({ kind: "section", text });
  if (n > shown.length) {
    blocks.push({ kind: "context", text: `…and ${n - shown.length} more ADS tasks.` });
  }
  const summary = `${n} SenseCore ADS task${n === 1 ? "" : "s"}${failed > 0 ? ` (${failed} failed)` : ""}`;
  return { blocks, summary };
}

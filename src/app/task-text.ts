/**
 * How a task is named in replies. Everything that comes from OMS (descriptions, bucket names,
 * regions, IDs, statuses) is made mrkdwn-safe here, once, so no handler can forget it: Slack
 * reads `<!channel>` as a ping and `*`, `_`, `~`, backticks as formatting (core/format.ts).
 */
import { isKnownTaskStatus, type KnownTaskStatus, type SyncTask } from "../core/domain.ts";
import { mrkdwnCode, mrkdwnText } from "../core/format.ts";
import { taskDisplayName } from "../core/task-ref.ts";

const STATUS_ICON: Record<KnownTaskStatus, string> = {
  SYNCHRONIZING: ":large_green_circle:",
  STOPPED: ":red_circle:",
};

export const STATUS_WORD: Record<KnownTaskStatus, string> = {
  SYNCHRONIZING: "Synchronizing",
  STOPPED: "Stopped",
};

/** Neither green nor red: the bot does not know what a status it has never seen means. */
const UNKNOWN_STATUS_ICON = ":white_circle:";

export function statusIcon(status: string): string {
  return isKnownTaskStatus(status) ? STATUS_ICON[status] : UNKNOWN_STATUS_ICON;
}

/** "Synchronizing", or an unknown status exactly as OMS sent it, safe to put in mrkdwn. */
export function statusWord(status: string): string {
  return isKnownTaskStatus(status) ? STATUS_WORD[status] : mrkdwnText(status);
}

/** The task's name, safe to put in mrkdwn. */
export function taskName(t: SyncTask): string {
  return mrkdwnText(taskDisplayName(t));
}

/** `src (region) → dst (region)`, safe to put in mrkdwn. */
export function taskRoute(t: SyncTask): string {
  const part = (bucket: string, region: string) =>
    `${mrkdwnText(bucket || "?")} (${mrkdwnText(region || "?")})`;
  return `${part(t.srcBucket, t.srcRegion)} → ${part(t.dstBucket, t.dstRegion)}`;
}

/** A value from OMS shown as-is in running text, safe to put in mrkdwn. */
export function omsText(value: string | null | undefined, fallback: string): string {
  return mrkdwnText(value || fallback);
}

/**
 * A value from OMS (an ID, a bucket, an enumeration like `NO_OVERWRITE`) as an inline code span,
 * where it reads exactly as sent; the fallback is the bot's own word, in plain text.
 */
export function omsCode(value: string | null | undefined, fallback: string): string {
  return value ? mrkdwnCode(value) : fallback;
}

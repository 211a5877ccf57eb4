/**
 * How a task is named in replies. Everything that comes from OMS (descriptions, bucket names,
 * regions) is escaped here, once, so no handler can forget it (Slack mrkdwn: `<!channel>`).
 */
import type { SyncTask, TaskStatus } from "../core/domain.ts";
import { escapeMrkdwn } from "../core/format.ts";
import { taskDisplayName } from "../core/task-ref.ts";

export const STATUS_ICON: Record<TaskStatus, string> = {
  SYNCHRONIZING: ":large_green_circle:",
  STOPPED: ":red_circle:",
};

export const STATUS_WORD: Record<TaskStatus, string> = {
  SYNCHRONIZING: "Synchronizing",
  STOPPED: "Stopped",
};

/** The task's name, safe to put in mrkdwn. */
export function taskName(t: SyncTask): string {
  return escapeMrkdwn(taskDisplayName(t));
}

/** `src (region) → dst (region)`, safe to put in mrkdwn. */
export function taskRoute(t: SyncTask): string {
  const part = (bucket: string, region: string) =>
    `${escapeMrkdwn(bucket || "?")} (${escapeMrkdwn(region || "?")})`;
  return `${part(t.srcBucket, t.srcRegion)} → ${part(t.dstBucket, t.dstRegion)}`;
}

/** A value from OMS shown as-is in a field or code span, safe to put in mrkdwn. */
export function omsText(value: string | null | undefined, fallback: string): string {
  return escapeMrkdwn(value || fallback);
}

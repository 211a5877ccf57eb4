/**
 * `alert add exports`: one message in the rule's channel when a CDN export task finishes
 * (`success` with its link, or `fail`; api-notes), once per rule and task across restarts and
 * replicas, and never for a task that had finished before the rule was added.
 *
 * Once: the ledger (StateStore.claim) records `cdn-export:<rule>:<task>` after the post, and the
 * post carries that key in its Slack metadata. A `…:posting` claim made before posting marks an
 * attempt; finding it at a later check means the last attempt may have posted and crashed before
 * recording, so the channel is searched (findRoot) before posting again — as digests do
 * (digest-service.ts). Replicas: check() runs inside the alert round, which one replica holds at
 * a time (alerting-wiring.ts ROUND_CLAIM).
 *
 * Baseline: a task counts as finished when CDN last updated it (`update_time`, seed 003), so one
 * whose update_time is before the rule's createdAt had finished before the rule and is skipped.
 */
import type { Logger } from "pino";
import type { AlertRule, Mute } from "../../core/alert-model.ts";
import { UNIT_MS } from "../../core/duration.ts";
import { slackDate } from "../../core/slack-date.ts";
import { toOmsbotError } from "../../errors.ts";
import { type CdnPort, type ExportTask, isExportFinished } from "../cdn-port.ts";
import type { OutboundChat, OutboundMessage, StateStore } from "../ports.ts";
import { downloadLink, exportName } from "./export-text.ts";

export const EXPORT_EVENT_TYPE = "omsbot_cdn_export";
const EXPORT_METADATA_KEY = "cdn_export";
/**
 * Older finished tasks are not told: the ledger forgets entries after 30 days (ports.ts), and a
 * task still listed after that must not be told a second time. A bot down for longer than this
 * skips those notices, which by then are stale anyway.
 */
export const NOTICE_HORIZON_MS = 7 * UNIT_MS.d;

export interface ExportWatcherDeps {
  /** Absent when CDN is not configured: export rules then wait, with one warning in the log. */
  cdn?: CdnPort;
  store: StateStore;
  outbound: OutboundChat;
  logger: Logger;
  /** The zone of the fallback text under Slack's date token. */
  tz: string;
}

export interface ExportCheckReport {
  rules: number;
  told: number;
  /** CDN could not be read. */
  cdnDown: boolean;
}

export const exportClaimKey = (ruleId: string, taskId: string) => `cdn-export:${ruleId}:${taskId}`;

export function exportNotice(t: ExportTask, tz: string): OutboundMessage {
  const when = slackDate(t.updatedAt, tz);
  const text =
    t.status === "success"
      ? `:white_check_mark: CDN export ${exportName(t)} is ready (finished ${when}): ${downloadLink(t.downloadLink) ?? "CDN gave no download link"}`
      : `:x: CDN export ${exportName(t)} failed (${when}). Create it again in the CDN console.`;
  return { text, blocks: [{ kind: "section", text }] };
}

export class ExportWatcher {
  private warnedUnconfigured = false;

  constructor(private readonly d: ExportWatcherDeps) {}

  async check(now: number): Promise<ExportCheckReport> {
    const { store, logger } = this.d;
    const rules = (await store.list("rules")).filter((r) => r.condition.kind === "export-finished");
    const report: ExportCheckReport = { rules: rules.length, told: 0, cdnDown: false };
    if (rules.length === 0) return report;
    const cdn = this.d.cdn;
    if (!cdn) {
      if (!this.warnedUnconfigured) {
        logger.warn({ rules: rules.length }, "CDN export alerts exist but CDN is not configured");
        this.warnedUnconfigured = true;
      }
      return report;
    }
    let tasks: ExportTask[];
    try {
      tasks = await cdn.listExportTasks();
    } catch (e) {
      const err = toOmsbotError(e);
      logger.warn({ code: err.code, detail: err.detail }, "CDN export tasks not read; next check");
      return { ...report, cdnDown: true };
    }
    // Oldest finish first, so a channel reads the notices in the order things happened.
    const finished = tasks.filter(isExportFinished).sort((a, b) => a.updatedAt - b.updatedAt);
    const mutes = await store.list("mutes");
    for (const rule of rules) {
      const muted = isMuted(rule, mutes, now);
      for (const task of finished) {
        if (task.updatedAt < rule.createdAt || task.updatedAt < now - NOTICE_HORIZON_MS) continue;
        try {
          if (await this.tell(rule, task, now, muted)) report.told++;
        } catch (e) {
          const err = toOmsbotError(e);
          logger.warn(
            { rule: rule.id, exportTask: task.id, code: err.code, detail: err.detail },
            "CDN export notice not posted; trying again at the next check",
          );
          // The chat is down or refuses this channel: the rest would fail the same way.
          break;
        }
      }
    }
    return report;
  }

  /** Posts the notice unless it was already; true when it posted now. */
  private async tell(
    rule: AlertRule,
    task: ExportTask,
    now: number,
    muted: boolean,
  ): Promise<boolean> {
    const { store, outbound } = this.d;
    const key = exportClaimKey(rule.id, task.id);
    if (await store.claimed(key)) return false;
    // Muted: the notice is dropped, not held back for later (as a mute does for incidents).
    if (muted) {
      await store.claim(key, now, "muted");
      return false;
    }
    const attempt = `${key}:posting`;
    if (!(await store.claim(attempt, now))) {
      const since = (await store.claimed(attempt))?.at ?? task.updatedAt;
      const found = await outbound.findRoot(
        rule.channelId,
        EXPORT_EVENT_TYPE,
        { key: EXPORT_METADATA_KEY, value: key },
        since - UNIT_MS.m,
      );
      if (found) {
        await store.claim(key, now, found.ts);
        return false;
      }
    }
    const ref = await outbound.postRoot(rule.channelId, {
      ...exportNotice(task, this.d.tz),
      metadata: { eventType: EXPORT_EVENT_TYPE, payload: { [EXPORT_METADATA_KEY]: key } },
    });
    await store.claim(key, now, ref.ts);
    this.d.logger.info(
      { rule: rule.id, exportTask: task.id, status: task.status },
      "CDN export told",
    );
    return true;
  }
}

function isMuted(rule: AlertRule, mutes: readonly Mute[], now: number): boolean {
  return mutes.some((m) => m.ruleId === rule.id && m.taskId === "*" && m.until > now);
}

/** `digest add|list|remove|run`: daily digests through the store; the scheduler follows changes. */
import { adsDisplayName } from "../../core/ads-task-ref.ts";
import type { DigestSpec } from "../../core/alert-model.ts";
import { digestClaimKey, digestSlot } from "../../core/digest-schedule.ts";
import { mrkdwnCode, mrkdwnText } from "../../core/format.ts";
import { EXAMPLE } from "../../core/help.ts";
import type { Reply } from "../../core/reply.ts";
import { textReply } from "../../core/reply.ts";
import { taskDisplayName } from "../../core/task-ref.ts";
import { formatZoned, pad2 } from "../../core/zoned-time.ts";
import { OmsbotError } from "../../errors.ts";
import { type Alerting, channelLink, channelOf } from "../alerts/alerting.ts";
import type { Handler } from "../deps.ts";

function need(alerting: Alerting | undefined): Alerting {
  if (!alerting) throw new OmsbotError("INTERNAL", "Digests are not set up in this bot.");
  return alerting;
}

const at = (d: DigestSpec) => `${pad2(d.hour)}:${pad2(d.minute)}`;

function describeDigest(d: DigestSpec, taskNames: ReadonlyMap<string, string>): string {
  const tasks = d.tasks.all
    ? "all tasks"
    : d.tasks.taskIds.map((id) => `*${mrkdwnText(taskNames.get(id) ?? id)}*`).join(", ");
  return `${mrkdwnCode(d.id)} daily at ${at(d)} ${mrkdwnText(d.tz)} in ${channelLink(d.channelId)}: ${tasks}`;
}

export const digestAdd: Handler<"digest.add"> = async (cmd, ctx, deps) => {
  const a = need(deps.alerting);
  const channelId = channelOf(cmd.channel, ctx, EXAMPLE.digestAdd);
  const names = new Map<string, string>();
  let tasks: DigestSpec["tasks"] = { all: true };
  if (!cmd.tasks.all) {
    const ids: string[] = [];
    for (const ref of cmd.tasks.refs) {
      // OMS or SenseCore ADS: a name in both asks which (TASK_AMBIGUOUS).
      const found = await deps.tasks.resolveAny(ref, deps.ads, { command: "digest add" });
      const t = found.task;
      if (!ids.includes(t.id)) ids.push(t.id);
      names.set(
        t.id,
        found.service === "ads" ? adsDisplayName(found.task) : taskDisplayName(found.task),
      );
    }
    tasks = { all: false, taskIds: ids };
  }
  const spec: DigestSpec = {
    id: a.newId("d"),
    channelId,
    hour: cmd.at.hour,
    minute: cmd.at.minute,
    tz: cmd.tz ?? ctx.tz,
    tasks,
    createdBy: ctx.userId,
    createdAt: ctx.now,
  };
  const dup = (await a.store.list("digests")).find(
    (d) =>
      d.channelId === spec.channelId &&
      d.hour === spec.hour &&
      d.minute === spec.minute &&
      d.tz === spec.tz &&
      JSON.stringify(d.tasks) === JSON.stringify(spec.tasks),
  );
  if (dup) {
    throw new OmsbotError(
      "BAD_COMMAND",
      `Digest ${mrkdwnCode(dup.id)} already does this (${describeDigest(dup, names)}). Nothing was added.`,
    );
  }
  const can = await a.outbound.canPost(channelId);
  if (!can.ok) {
    throw new OmsbotError(
      "BAD_COMMAND",
      `I can't post in ${channelLink(channelId)}, so the digest was not added. ${can.reason}`,
    );
  }
  await a.store.put("digests", spec);
  await a.digestsChanged();
  const next = digestSlot(spec, ctx.now).nextAt;
  return textReply(
    `:white_check_mark: Digest added: ${describeDigest(spec, names)}. The first one comes ${formatZoned(next, spec.tz)} (${mrkdwnText(spec.tz)}); \`digest run ${spec.id}\` posts one now.`,
    "channel",
  );
};

export const digestList: Handler<"digest.list"> = async (_cmd, ctx, deps): Promise<Reply> => {
  const a = need(deps.alerting);
  const digests = (await a.store.list("digests")).sort((x, y) => x.createdAt - y.createdAt);
  if (digests.length === 0) {
    return textReply(`No digests yet. Add one: \`${EXAMPLE.digestAdd}\`.`);
  }
  const tasks = await deps.tasks.list().catch(() => []);
  const names = new Map(tasks.map((t) => [t.id, taskDisplayName(t)]));
  // ADS tasks' names too; ADS down shows their IDs instead, which is no reason to fail the list.
  const adsTasks = deps.ads ? await deps.tasks.listAds(deps.ads).catch(() => []) : [];
  for (const t of adsTasks) names.set(t.id, adsDisplayName(t));
  const lines: string[] = [];
  for (const d of digests) {
    const slot = digestSlot(d, ctx.now);
    const today = await a.store.claimed(digestClaimKey(d.id, slot.dateKey));
    const last = today
      ? `posted today at ${formatZoned(today.at, ctx.tz, "time")}`
      : "not posted today yet";
    lines.push(
      `${describeDigest(d, names)}\n  next ${formatZoned(slot.nextAt, ctx.tz)} (${mrkdwnText(ctx.tz)}) · ${last}`,
    );
  }
  const text = `${digests.length} digest${digests.length === 1 ? "" : "s"}:\n${lines.join("\n")}`;
  return textReply(text);
};

export const digestRemove: Handler<"digest.remove"> = async (cmd, _ctx, deps) => {
  const a = need(deps.alerting);
  const spec = await a.store.get("digests", cmd.id);
  if (!spec) throw unknown(cmd.id);
  await a.store.delete("digests", spec.id);
  await a.digestsChanged();
  return textReply(`Digest ${mrkdwnCode(spec.id)} removed.`, "channel");
};

export const digestRun: Handler<"digest.run"> = async (cmd, ctx, deps) => {
  const a = need(deps.alerting);
  const spec = await a.store.get("digests", cmd.id);
  if (!spec) throw unknown(cmd.id);
  await a.runDigest(spec.id, ctx.now);
  return textReply(`Digest ${mrkdwnCode(spec.id)} posted in ${channelLink(spec.channelId)}.`);
};

function unknown(id: string): OmsbotError {
  return new OmsbotError(
    "BAD_COMMAND",
    `There is no digest ${mrkdwnCode(id)}. \`digest list\` shows the digests and their IDs.`,
  );
}

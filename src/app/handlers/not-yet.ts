/**
 * Alerts, digests and CDN exports are parsed and checked now; what they do arrives with their own
 * issues. Until then the user is told plainly that the command was understood but is not active,
 * rather than getting a "done" that nothing will act on.
 */
import type { AlertCondition, ChannelRef, Command } from "../../core/command.ts";
import { formatDuration } from "../../core/duration.ts";
import { escapeMrkdwn, mrkdwnCode, mrkdwnText } from "../../core/format.ts";
import type { Reply } from "../../core/reply.ts";

const channel = (c: ChannelRef | undefined) =>
  c ? (c.id ? `<#${escapeMrkdwn(c.id)}>` : `#${mrkdwnText(c.name ?? "")}`) : "this channel";
const code = mrkdwnCode;

function condition(target: string, c: AlertCondition): string {
  switch (c.kind) {
    case "failures":
      return `${target} has more than ${c.threshold} failures in ${formatDuration(c.windowMs)}`;
    case "failure-rate":
      return `${target} has a failure rate above ${c.percent}% over ${formatDuration(c.windowMs)}`;
    case "stopped":
      return `${target} stops`;
    case "stalled":
      return `${target} synchronizes nothing for ${formatDuration(c.durationMs)}`;
    case "export-finished":
      return "a CDN export task finishes";
  }
}

/** What the bot understood, in words, so the user can check it before the feature is live. */
export function understood(cmd: Command): string {
  switch (cmd.name) {
    case "alert.add": {
      const target = cmd.target.all ? "any task" : code(cmd.target.task);
      const repeat = cmd.repeatMs ? `, repeating every ${formatDuration(cmd.repeatMs)}` : "";
      return `alert in ${channel(cmd.channel)} when ${condition(target, cmd.condition)}${repeat}.`;
    }
    case "alert.list":
    case "digest.list":
      return "list them.";
    case "alert.remove":
    case "digest.remove":
      return `remove ${code(cmd.id)}.`;
    case "alert.mute":
      return `mute ${code(cmd.target)} for ${formatDuration(cmd.durationMs)}.`;
    case "alert.unmute":
      return `unmute ${code(cmd.target)}.`;
    case "digest.add": {
      const hhmm = `${String(cmd.at.hour).padStart(2, "0")}:${String(cmd.at.minute).padStart(2, "0")}`;
      const tasks = cmd.tasks.all ? "all tasks" : cmd.tasks.refs.map(code).join(", ");
      return `a daily digest of ${tasks} in ${channel(cmd.channel)} at ${hhmm}${cmd.tz ? ` ${mrkdwnText(cmd.tz)}` : " (your timezone)"}.`;
    }
    case "digest.run":
      return `post digest ${code(cmd.id)} now.`;
    case "exports":
      return cmd.taskName
        ? `CDN export tasks named ${code(cmd.taskName)}.`
        : "all CDN export tasks.";
    default:
      return `${code(cmd.name)}.`;
  }
}

const FEATURE: Partial<Record<Command["name"], string>> = {
  "alert.add": "Alert rules",
  "alert.list": "Alert rules",
  "alert.remove": "Alert rules",
  "alert.mute": "Alert rules",
  "alert.unmute": "Alert rules",
  "digest.add": "Daily digests",
  "digest.list": "Daily digests",
  "digest.remove": "Daily digests",
  "digest.run": "Daily digests",
  exports: "CDN statistics exports",
};

export function notYetReply(cmd: Command): Reply {
  const text = `${FEATURE[cmd.name] ?? "This command"} are not switched on in this version of omsbot yet, so nothing was changed or posted. I understood: ${understood(cmd)}`;
  return { visibility: "ephemeral", text, blocks: [{ kind: "section", text }], files: [] };
}

/**
 * What the asker is told after a failed delivery, and what is resent to them privately: worked
 * out from how far a channel reply got, so nothing public is repeated and nothing is claimed lost
 * that arrived.
 */
import { escapeMrkdwn } from "../../core/format.ts";
import type { Reply } from "../../core/reply.ts";
import { type SlackBlock, type SlackMessage, toBlockKit } from "./block-kit.ts";
import type { Destination } from "./deliver.ts";
import { LIMITS } from "./limits.ts";
import { noteBlock } from "./send-private.ts";
import { cannotPostAdvice, type SlackDeliveryError } from "./slack-errors.ts";
import { truncate } from "./split-text.ts";

/**
 * How far a channel reply got before a failure: a retry must not privately repeat what the
 * channel already shows, nor claim that nothing arrived.
 */
export interface ChannelProgress {
  /** The Block Kit messages planned before the upload (none when the text rides on the upload). */
  messages: SlackMessage[];
  /** How many of `messages` Slack accepted, in order. */
  posted: number;
  /** Every message arrived and the files' upload was under way. */
  uploading: boolean;
}

export interface RecoveryPlan {
  /** For the asker alone: what failed, why, and what follows below. */
  privateAdvice: string;
  /** What did not arrive, to be sent privately after the advice. */
  missing: SlackBlock[];
  /** When part of the reply is public already: a note for the same place. */
  publicNote?: string;
}

export function recoveryPlan(
  reply: Reply,
  dest: Destination,
  err: SlackDeliveryError,
  p: ChannelProgress,
): RecoveryPlan {
  const where = dest.threadTs
    ? "thread"
    : /^[UWD]/.test(dest.channelId ?? "")
      ? "conversation"
      : "channel";
  const filesNote = reply.files.length > 0 ? fileLeftovers(reply) : [];
  if (p.uploading) {
    const problem = `The ${filesWord(reply)} could not be uploaded: ${failureReason(err)}.`;
    if (p.messages.length > 0) {
      const above = `The numbers are in the ${where} above.`;
      return {
        privateAdvice: `${problem} ${above}`,
        missing: [],
        publicNote: `${problem} ${above}`,
      };
    }
    // The summary was to be the upload's comment, so nothing of the reply is in the channel.
    return {
      privateAdvice: `${problem} Only you can see its summary below.`,
      missing: [noteBlock(truncate(reply.text, LIMITS.contextText))],
    };
  }
  if (p.posted > 0) {
    const problem = `Part of my answer could not be posted: ${failureReason(err)}.`;
    const above = `The first ${p.posted} of ${p.messages.length} parts are in the ${where} above.`;
    return {
      privateAdvice: `${problem} ${above} Only you can see the rest below.`,
      missing: [...p.messages.slice(p.posted).flatMap((m) => m.blocks), ...filesNote],
      publicNote: `${problem} ${above}`,
    };
  }
  const planned = p.messages.length > 0 ? p.messages : toBlockKit({ ...reply, files: [] });
  return {
    privateAdvice: err.cannotPostHere
      ? cannotPostAdvice(err.code, dest.channelId)
      : "Slack didn't accept my answer, so only you can see it below. Please try again in a minute; the problem has been logged.",
    missing: [...planned.flatMap((m) => m.blocks), ...filesNote],
  };
}

/** The summary the upload would have carried as its comment, and a word that the file is missing. */
function fileLeftovers(reply: Reply): SlackBlock[] {
  return [
    noteBlock(truncate(reply.text, LIMITS.contextText)),
    noteBlock(`_The ${filesWord(reply)} could not be posted._`),
  ];
}

function filesWord(reply: Reply): string {
  const charts = reply.files.every((f) => f.mimeType === "image/png");
  const one = reply.files.length === 1;
  return charts ? (one ? "chart" : "charts") : one ? "file" : "files";
}

/** Why a post or upload failed, for people; the code itself is in the log and the metrics. */
function failureReason(err: SlackDeliveryError): string {
  switch (err.code) {
    case "not_in_channel":
      return "I'm not a member here, and files can only be shared where I am. Invite me with `/invite @omsbot`, then try again";
    case "missing_scope":
      return "the app lacks a permission it needs (`files:write`); ask a workspace admin to reinstall it";
    case "ratelimited":
    case "rate_limited":
      return "Slack is limiting how fast I may post; try again in a minute";
    case "request_error":
      return "Slack could not be reached; try again in a minute";
    case "http_error":
      return "Slack answered with an HTTP error; try again in a minute";
    default:
      // The code comes from whoever answered on Slack's behalf (a proxy too): inert text only.
      return `Slack answered \`${escapeMrkdwn(truncate(err.code, 100))}\``;
  }
}

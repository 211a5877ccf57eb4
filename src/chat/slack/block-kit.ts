/**
 * Reply → Block Kit. Pure: no I/O, no Slack client. A reply that does not fit one message
 * becomes several messages instead of an `invalid_blocks` error (limits in limits.ts).
 */
import type { types } from "@slack/bolt";
import { escapeMrkdwn } from "../../core/format.ts";
import type { Reply, ReplyBlock, ReplyButton } from "../../core/reply.ts";
import { LIMITS } from "./limits.ts";
import { splitText, truncate } from "./split-text.ts";

export type SlackBlock = types.KnownBlock;

export interface SlackMessage {
  /** Notification / fallback text (shown by clients that cannot draw blocks). */
  text: string;
  blocks: SlackBlock[];
}

/** Turns a reply into one or more messages, each within Slack's per-message block limits. */
export function toBlockKit(reply: Reply): SlackMessage[] {
  const source: ReplyBlock[] =
    reply.blocks.length > 0
      ? reply.blocks
      : reply.text
        ? [{ kind: "section", text: reply.text }]
        : [];
  const blocks = convertBlocks(source, new Set());
  if (blocks.length === 0) return [];
  const groups = packBlocks(blocks, LIMITS.messageBlocks);
  const base = truncate(reply.text || firstText(blocks), LIMITS.fallbackText);
  return groups.map((group, i) => ({
    text:
      groups.length === 1 || i === 0
        ? base
        : truncate(`(${i + 1}/${groups.length}) ${base}`, LIMITS.fallbackText),
    blocks: group,
  }));
}

/**
 * The Home tab: one view of at most 100 blocks. What does not fit is cut, and the view says so
 * (a view cannot be split in two like messages can).
 */
export function toHomeView(blocks: readonly ReplyBlock[]): types.HomeView {
  let out = convertBlocks(blocks, new Set());
  if (out.length > LIMITS.homeBlocks) {
    out = out.slice(0, LIMITS.homeBlocks - 1);
    out.push(contextBlock("_More than fits here: use `/oms help` and `/oms list` for the rest._"));
  }
  return { type: "home", blocks: out };
}

/** True when the reply has blocks of its own beyond its summary text (then they get a message). */
export function hasOwnBlocks(reply: Reply): boolean {
  if (reply.blocks.length === 0) return false;
  const [only] = reply.blocks;
  return !(reply.blocks.length === 1 && only?.kind === "section" && only.text === reply.text);
}

/** Converts in order; `usedIds` keeps action_ids unique across everything converted together. */
export function convertBlocks(blocks: readonly ReplyBlock[], usedIds: Set<string>): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case "header":
        if (b.text.trim()) {
          out.push({
            type: "header",
            text: { type: "plain_text", text: truncate(b.text, LIMITS.headerText), emoji: true },
          });
        }
        break;
      case "section":
        for (const piece of splitText(b.text, LIMITS.sectionText)) {
          if (piece.trim()) out.push({ type: "section", text: { type: "mrkdwn", text: piece } });
        }
        break;
      case "context":
        for (const piece of splitText(b.text, LIMITS.contextText)) {
          if (piece.trim()) out.push(contextBlock(piece));
        }
        break;
      case "fields":
        out.push(...fieldSections(b.fields));
        break;
      case "divider":
        out.push({ type: "divider" });
        break;
      case "buttons":
        out.push(...actionBlocks(b.buttons, usedIds));
        break;
    }
  }
  return out;
}

function contextBlock(text: string): SlackBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

function fieldSections(fields: ReadonlyArray<{ label: string; value: string }>): SlackBlock[] {
  const texts = fields.map((f) =>
    truncate(f.label ? `*${f.label}*\n${f.value || " "}` : f.value || " ", LIMITS.fieldText),
  );
  const out: SlackBlock[] = [];
  for (let i = 0; i < texts.length; i += LIMITS.sectionFields) {
    out.push({
      type: "section",
      fields: texts.slice(i, i + LIMITS.sectionFields).map((text) => ({ type: "mrkdwn", text })),
    });
  }
  return out;
}

/**
 * Buttons → actions blocks of at most 25 buttons. The command rides in `value` (2,000 chars
 * max): a command longer than that cannot be a button, so it is shown as text to type instead
 * of being cut (a cut command would run something else).
 */
function actionBlocks(buttons: readonly ReplyButton[], usedIds: Set<string>): SlackBlock[] {
  const fits = buttons.filter((b) => b.command.length <= LIMITS.buttonValue);
  const tooLong = buttons.filter((b) => b.command.length > LIMITS.buttonValue);
  const out: SlackBlock[] = [];
  for (let i = 0; i < fits.length; i += LIMITS.actionsElements) {
    const elements: types.Button[] = fits.slice(i, i + LIMITS.actionsElements).map((b) => {
      const button: types.Button = {
        type: "button",
        text: {
          type: "plain_text",
          text: truncate(b.label || b.command, LIMITS.buttonText),
          emoji: true,
        },
        action_id: uniqueId(b.actionId, usedIds),
        value: b.command,
      };
      if (b.style) button.style = b.style;
      return button;
    });
    out.push({ type: "actions", elements });
  }
  for (const b of tooLong) {
    // Label (plain_text elsewhere) and command (a button value) are raw text: here they become
    // mrkdwn, where a `<!channel>` in a task name would ping.
    const line = `${escapeMrkdwn(b.label)}: type \`/oms ${escapeMrkdwn(b.command)}\``;
    for (const piece of splitText(line, LIMITS.contextText)) {
      out.push(contextBlock(piece));
    }
  }
  return out;
}

/** Slack rejects a message or view whose action_ids repeat: suffix `:n` to make each unique. */
function uniqueId(wanted: string, used: Set<string>): string {
  const base = truncate(wanted || "button", LIMITS.actionId - 6);
  let id = base;
  for (let n = 2; used.has(id); n += 1) id = `${base}:${n}`;
  used.add(id);
  return id;
}

/**
 * Packs blocks into groups of at most `max`; a header or divider is not left dangling at the end
 * of a message when more follows (it belongs with what comes after it).
 */
export function packBlocks(blocks: SlackBlock[], max: number): SlackBlock[][] {
  const groups: SlackBlock[][] = [];
  let rest = blocks;
  while (rest.length > max) {
    let cut = max;
    while (cut > 1 && isLeading(rest[cut - 1])) cut -= 1;
    groups.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) groups.push(rest);
  return groups;
}

function isLeading(b: SlackBlock | undefined): boolean {
  return b?.type === "header" || b?.type === "divider";
}

function firstText(blocks: SlackBlock[]): string {
  for (const b of blocks) {
    if (b.type === "header" || (b.type === "section" && b.text)) return b.text?.text ?? "";
  }
  return "omsbot";
}

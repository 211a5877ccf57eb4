/**
 * Turns what arrived (from Slack, escaped; or typed at the shell) into words. Slack sends
 * `<`, `>`, `&` as entities and channels as `<#C0123ABCD|name>`; phones send smart quotes;
 * people write `→` or `->`.
 */
import type { ChannelRef } from "./command.ts";
import { badCommand, quote } from "./parse-errors.ts";

export interface Token {
  /** The word with quotes removed; arrows normalized to `→`; a channel as `#name` or `#C0123`. */
  text: string;
  lower: string;
  /** Written in quotes: never read as a keyword. */
  quoted: boolean;
  channel?: ChannelRef;
}

// Private-use characters stand in for channel mentions between the passes; any the user sent
// are removed first so they cannot forge one.
const MARK_OPEN = "\uE000";
const MARK_CLOSE = "\uE001";

const SLACK_CHANNEL = /<#([A-Z0-9]{1,40})(?:\|([^<>|]{0,200}))?>/gi;
const SLACK_LINK = /<((?:https?|mailto):[^<>|\s]{1,2000})(?:\|([^<>]{0,2000}))?>/gi;
const SLACK_SPECIAL = /<([@!][^<>\s]{1,200})>/g;
const LEADING_USER = /^\s*<@[A-Z0-9]{1,40}(?:\|[^<>]{0,200})?>/i;
const SHELL_CHANNEL = /^#([\p{L}\p{N}_.-]{1,80})$/u;

function decodeSlack(raw: string, channels: ChannelRef[]): string {
  let s = raw.replace(/[\uE000\uE001\u200B-\u200D\u2060\uFEFF]/g, "");
  s = s.replace(LEADING_USER, " ");
  s = s.replace(SLACK_CHANNEL, (_m, id: string, name: string | undefined) => {
    const ref: ChannelRef = { id: id.toUpperCase() };
    if (name?.trim()) ref.name = name.trim();
    channels.push(ref);
    return ` ${MARK_OPEN}${channels.length - 1}${MARK_CLOSE} `;
  });
  s = s.replace(SLACK_LINK, (_m, url: string, label: string | undefined) =>
    label?.trim() ? label : url.replace(/^mailto:/i, ""),
  );
  s = s.replace(SLACK_SPECIAL, (_m, inner: string) => inner);
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Quote and arrow spellings from phones, word processors and Slack's own autocorrect. */
function normalizePunctuation(s: string): string {
  return s
    .replace(/[\u201C\u201D\u201E\u201F\u00AB\u00BB\uFF02]/g, '"')
    .replace(/[\u2018\u2019\u201A\u201B\uFF07]/g, "'")
    .replace(/\s*(?:[-\u2013\u2014]+>|\u27F6|\u2192|\u279C|\u2794)\s*/g, "→")
    .replace(/\u2265/g, ">=")
    .replace(/\u2264/g, "<=");
}

function wordToken(text: string, quoted: boolean): Token {
  if (!quoted) {
    const m = SHELL_CHANNEL.exec(text);
    if (m?.[1]) return { text, lower: text.toLowerCase(), quoted, channel: { name: m[1] } };
  }
  return { text, lower: text.toLowerCase(), quoted };
}

/** Normalizes and splits. Throws BAD_COMMAND only for a `"` that is never closed. */
export function tokenize(raw: string): Token[] {
  const channels: ChannelRef[] = [];
  const s = normalizePunctuation(decodeSlack(raw, channels));
  const tokens: Token[] = [];
  let word = "";
  const flush = () => {
    if (word.length > 0) tokens.push(wordToken(word, false));
    word = "";
  };
  let i = 0;
  while (i < s.length) {
    const c = s.charAt(i);
    if (/\s/.test(c)) {
      flush();
      i++;
    } else if (c === MARK_OPEN) {
      flush();
      const end = s.indexOf(MARK_CLOSE, i);
      const ref = channels[Number(s.slice(i + 1, end))];
      if (ref) {
        const text = `#${ref.name ?? ref.id}`;
        tokens.push({ text, lower: text.toLowerCase(), quoted: false, channel: ref });
      }
      i = end + 1;
    } else if ((c === '"' || c === "'") && word.length === 0) {
      const end = s.indexOf(c, i + 1);
      if (end < 0) {
        if (c === "'") {
          word += c;
          i++;
          continue;
        }
        throw badCommand(
          `The quote in ${quote(s.slice(i))} is never closed. Put names with spaces in quotes: \`stats "nightly backup" last 6h\`.`,
        );
      }
      tokens.push(wordToken(s.slice(i + 1, end), true));
      i = end + 1;
    } else if (c === ">" || c === "<" || c === "=") {
      // Comparisons stand alone so `failures>10` reads like `failures > 10`.
      flush();
      const two = s.slice(i, i + 2);
      const op = two === ">=" || two === "<=" || two === "==" ? two : c;
      tokens.push({ text: op, lower: op, quoted: false });
      i += op.length;
    } else {
      word += c;
      i++;
    }
  }
  flush();
  return tokens;
}

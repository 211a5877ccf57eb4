/**
 * A Reply as terminal text. Slack's mrkdwn is kept readable: `*bold*` becomes bold on a colour
 * terminal and plain otherwise, emoji codes become words, `<#C123>` channel links their ID.
 */
import { undoLookAlikes } from "../../core/format.ts";
import type { Reply, ReplyBlock } from "../../core/reply.ts";

const EMOJI: Record<string, string> = {
  large_green_circle: "●",
  red_circle: "○",
  white_circle: "○",
  warning: "!",
  white_check_mark: "✓",
  rotating_light: "‼",
  zzz: "z",
  x: "✗",
  mag: "…",
  large_blue_circle: "●",
  double_vertical_bar: "‖",
  hourglass_flowing_sand: "…",
};

export interface TextStyle {
  bold: (s: string) => string;
  dim: (s: string) => string;
}

export const PLAIN: TextStyle = { bold: (s) => s, dim: (s) => s };
export const ANSI: TextStyle = {
  bold: (s) => `\u001b[1m${s}\u001b[22m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
};

export function mrkdwnToText(s: string, style: TextStyle): string {
  // The look-alikes that keep `*_~` from formatting in Slack: a terminal shows the real ones.
  return undoLookAlikes(
    s
      .replace(/:([a-z0-9_+-]+):/g, (m, name: string) => EMOJI[name] ?? m)
      .replace(/<#([A-Z0-9]+)(?:\|([^>]+))?>/g, (_m, id: string, name?: string) => `#${name ?? id}`)
      // A link reads as its label and where it goes: <https://x|download> → download https://x
      .replace(
        /<(https?:\/\/[^|>]+)\|([^>]+)>/g,
        (_m, url: string, label: string) => `${label} ${url}`,
      )
      // Slack's date tokens (<!date^…|fallback>) read as their fallback, in the bot's zone.
      .replace(/<!date\^[^|>]*\|([^>]*)>/g, (_m, fallback: string) => fallback)
      .replace(
        /(^|[\s(])\*([^*\s](?:[^*\n]*[^*\s])?)\*(?=$|[\s).,:;!?])/g,
        (_m, pre: string, inner: string) => `${pre}${style.bold(inner)}`,
      )
      // Slack's escapes last, so an escaped `&lt;b&gt;` prints as the `<b>` it stands for.
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&"),
  );
}

function block(b: ReplyBlock, style: TextStyle): string {
  switch (b.kind) {
    case "header":
      return style.bold(b.text.toUpperCase());
    case "section":
      return mrkdwnToText(b.text, style);
    case "fields": {
      const width = Math.max(...b.fields.map((f) => f.label.length));
      return b.fields
        .map((f) => `  ${f.label.padEnd(width)}  ${mrkdwnToText(f.value, style)}`)
        .join("\n");
    }
    case "context":
      return style.dim(mrkdwnToText(b.text, style));
    case "divider":
      return style.dim("─".repeat(40));
    case "buttons":
      return style.dim(b.buttons.map((x) => `[${x.label}] ${x.command}`).join("   "));
  }
}

export function replyToText(reply: Reply, style: TextStyle): string {
  const body =
    reply.blocks.length > 0 ? reply.blocks : [{ kind: "section" as const, text: reply.text }];
  return body.map((b) => block(b, style)).join("\n");
}

/**
 * What a handler answers. Chat-neutral: the Slack adapter turns blocks into Block Kit, the shell
 * into plain text. Text uses Slack's small mrkdwn subset (`*bold*`, `` `code` ``, `_italic_`),
 * which reads fine in a terminal too.
 */

export type Visibility = "channel" | "ephemeral";

export interface ReplyField {
  label: string;
  value: string;
}

export interface ReplyButton {
  label: string;
  /** Stable identifier of what the button does, e.g. `stats.refresh`. */
  actionId: string;
  /** The command text the button runs, in the command language (`stats abc123 last 6h`). */
  command: string;
  style?: "primary" | "danger";
}

export type ReplyBlock =
  | { kind: "header"; text: string }
  | { kind: "section"; text: string }
  | { kind: "fields"; fields: ReplyField[] }
  | { kind: "context"; text: string }
  | { kind: "divider" }
  | { kind: "buttons"; buttons: ReplyButton[] };

export interface ReplyFile {
  filename: string;
  title: string;
  mimeType: "image/png" | "text/csv";
  data: Uint8Array;
}

export interface Reply {
  /** Results others should see go to the channel; help and errors only to the asker. */
  visibility: Visibility;
  /** A one-paragraph summary: Slack's notification/fallback text and a file's initial comment. */
  text: string;
  blocks: ReplyBlock[];
  files: ReplyFile[];
  /** True when the reply reports an error (the adapter may log or style it). */
  isError?: boolean;
}

export function textReply(text: string, visibility: Visibility = "ephemeral"): Reply {
  return { visibility, text, blocks: [{ kind: "section", text }], files: [] };
}

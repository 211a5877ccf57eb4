/** The user errors the command parser throws, and how they quote what was typed. */
import { OmsbotError } from "../errors.ts";
import { escapeMrkdwn } from "./format.ts";

/**
 * `text` (typed by a user, or read from OMS) as inline code for a mrkdwn message: backticks
 * inside would end the code span, newlines would break it, a pasted novel should not be echoed
 * back whole, and `<!channel>` or `<https://…|…>` must stay text rather than become a ping or a
 * link. Cut before escaping, so an entity is never cut in half.
 */
export function quote(text: string, max = 60): string {
  const flat = text.replace(/`/g, "'").replace(/\s+/g, " ").trim();
  const short = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return `\`${short.length > 0 ? escapeMrkdwn(short) : " "}\``;
}

export function badCommand(message: string, detail?: string): OmsbotError {
  return new OmsbotError("BAD_COMMAND", message, detail ? { detail } : {});
}

export function badRange(message: string, detail?: string): OmsbotError {
  return new OmsbotError("BAD_RANGE", message, detail ? { detail } : {});
}

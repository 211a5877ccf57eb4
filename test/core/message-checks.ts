/** Checks on user-facing error messages, shared by the core tests. */
import { parseCommand } from "../../src/core/parse-command.ts";

/** Every `code span` in a message. */
export function codeSpans(message: string): string[] {
  return [...message.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "");
}

/** The words a command starts with (parse-command.ts VERBS); `?`, `-h` and `usage` are help. */
const COMMAND_START =
  /^(help|list|ls|tasks|task|show|info|stats|stat|statistics|chart|alert|alerts|digest|digests|exports|export)(\s|$)/i;

const same = (a: string, b: string) =>
  a.trim().replace(/\s+/g, " ").toLowerCase() === b.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * True when some code span is a whole command someone could send instead: it starts with a
 * command word, is not what was typed (`input`, when given), is more than bare `help`, and parses
 * on its own. A range alone (`last 6h`) or the quoted bad part is not an example.
 */
export function hasWorkingExample(message: string, input?: string): boolean {
  return codeSpans(message).some((span) => {
    const text = span.trim();
    if (!COMMAND_START.test(text) || /^help$/i.test(text)) return false;
    if (input !== undefined && same(text, input)) return false;
    try {
      parseCommand(text);
      return true;
    } catch {
      return false;
    }
  });
}

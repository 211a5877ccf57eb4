/** Checks on user-facing error messages, shared by the core tests. */
import { parseCommand } from "../../src/core/parse-command.ts";

/** Every `code span` in a message. */
export function codeSpans(message: string): string[] {
  return [...message.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "");
}

/** A span is a working example if it parses as a command, or as a range of `stats`. */
export function hasWorkingExample(message: string): boolean {
  return codeSpans(message).some((span) => {
    for (const text of [span, `stats x ${span}`]) {
      try {
        parseCommand(text);
        if (!/^(help|\?)?$/i.test(text.trim())) return true;
      } catch {}
    }
    return false;
  });
}

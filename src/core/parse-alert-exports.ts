/** `alert add exports [in #channel]`: the CDN export notice rule (app/exports/export-watcher.ts). */
import type { ChannelRef, Command } from "./command.ts";
import { code, EXAMPLE, USAGE } from "./help.ts";
import { badCommand, quote } from "./parse-errors.ts";
import { isWord, tokenAt } from "./parse-shared.ts";
import type { Token } from "./tokenize.ts";

const EXPORTS_WORDS = ["exports", "export"];
const exportsHelp = `${code(USAGE.alertExports)} posts once when a CDN export task finishes. Try ${code(EXAMPLE.alertExports)}.`;

/**
 * `alert add exports [in #channel]` (also `alert add all exports …`): where the words after
 * `exports` hold an OMS condition, `exports` is a task's name instead (`alert add exports stopped`),
 * so that a task called "exports" can still have alerts. Undefined when it is not this form.
 */
export function parseExportsAdd(
  args: Token[],
  conditionWords: readonly string[],
): Command | undefined {
  const at = isWord(args[0], ...EXPORTS_WORDS)
    ? 1
    : isWord(args[0], "all") && isWord(args[1], ...EXPORTS_WORDS)
      ? 2
      : 0;
  if (at === 0) return undefined;
  const rest = args.slice(at);
  if (rest.some((t) => isWord(t, ...conditionWords))) return undefined;
  let channel: ChannelRef | undefined;
  for (let i = 0; i < rest.length; i++) {
    const tok = tokenAt(rest, i);
    const target = tok.channel ? tok : isWord(tok, "in", "to", "channel") ? rest[i + 1] : undefined;
    if (!target?.channel) {
      const why = isWord(tok, "repeat", "every")
        ? "each export task is told once, so there is nothing to repeat"
        : `I don't understand ${quote(tok.text)} there`;
      throw badCommand(`\`alert add exports\` takes only a channel: ${why}. ${exportsHelp}`);
    }
    if (channel) throw badCommand(`Give one channel, not two. ${exportsHelp}`);
    channel = target.channel;
    if (target !== tok) i++;
  }
  return {
    name: "alert.add",
    target: { all: true },
    condition: { kind: "export-finished" },
    ...(channel ? { channel } : {}),
  };
}

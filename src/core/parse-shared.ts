/** Small readers the command parsers share: task references, durations, IDs, keyword typos. */
import type { TaskRef } from "./command.ts";
import { type DurationResult, formatDuration, isUnitWord, parseDuration } from "./duration.ts";
import { code } from "./help.ts";
import { badCommand, quote } from "./parse-errors.ts";
import type { Parsed } from "./parse-range.ts";
import { closestMatches } from "./text-distance.ts";
import type { Token } from "./tokenize.ts";

export const joinTokens = (tokens: readonly Token[]): string => tokens.map((t) => t.text).join(" ");

/**
 * tokens[i] where the caller's loop bound already guarantees it exists; a bound that is wrong is
 * a bug to surface, not an `undefined` to read as a word.
 */
export function tokenAt(tokens: readonly Token[], i: number): Token {
  const tok = tokens[i];
  if (tok === undefined) throw new RangeError(`token ${i} of ${tokens.length}`);
  return tok;
}

/** True for an unquoted token that is one of `words`. */
export function isWord(tok: Token | undefined, ...words: string[]): boolean {
  return tok !== undefined && !tok.quoted && words.includes(tok.lower);
}

/** The task the tokens name: one quoted token as written, else the words joined by spaces. */
export function taskRefOf(tokens: readonly Token[]): TaskRef {
  const only = tokens.length === 1 ? tokens[0] : undefined;
  return (only ? only.text : joinTokens(tokens)).trim();
}

/** " Did you mean `x`?" for a near-miss of a keyword, else "". */
export function didYouMean(word: string, keywords: readonly string[]): string {
  if (word.length < 2 || word.length > 30) return "";
  const [best] = closestMatches(word, keywords, 1, word.length <= 4 ? 1 : 2);
  return best ? ` Did you mean \`${best}\`?` : "";
}

/**
 * A duration at tokens[i], written `6h`, `1h30m`, `6 hours` or `hour`. Undefined when tokens[i]
 * does not look like one at all; a parse failure otherwise.
 */
export function readDuration(
  tokens: readonly Token[],
  i: number,
): Parsed<DurationResult> | undefined {
  const a = tokens[i];
  if (!a || a.quoted) return undefined;
  if (isUnitWord(a.text) && !/^(s|m|h|d|w)$/i.test(a.text)) {
    return { value: parseDuration(`1 ${a.text}`), next: i + 1 };
  }
  if (!/^\d/.test(a.text)) return undefined;
  const b = tokens[i + 1];
  if (/^\d+(?:[.,]\d+)?$/.test(a.text) && b && !b.quoted && isUnitWord(b.text)) {
    return { value: parseDuration(`${a.text} ${b.text}`), next: i + 2 };
  }
  return { value: parseDuration(a.text), next: i + 1 };
}

/** Like readDuration but required, within [min, max]; errors name `what` and show `example`. */
export function requireDuration(
  tokens: readonly Token[],
  i: number,
  what: string,
  bounds: { min: number; max: number },
  example: string,
): Parsed<number> {
  const read = readDuration(tokens, i);
  const typed = tokens[i]?.text;
  const range = `${formatDuration(bounds.min)} to ${formatDuration(bounds.max)}`;
  if (!read) {
    const got = typed === undefined ? "nothing" : quote(typed);
    throw badCommand(
      `${quote(what)} needs a length of time like \`30m\`, \`2h\` or \`1d\`, not ${got}. Try ${code(example)}.`,
    );
  }
  const d = read.value;
  const shown = quote(joinTokens(tokens.slice(i, read.next)));
  if (!d.ok) {
    const why =
      d.reason === "seconds"
        ? "is in seconds; the shortest unit is minutes (`m`)"
        : d.reason === "fraction"
          ? "is not a whole number; write `90m` rather than `1.5h`"
          : d.reason === "zero"
            ? "is zero"
            : "is not a length of time (a number then m, h, d or w)";
    throw badCommand(`${quote(what)}: ${shown} ${why}. Try ${code(example)}.`);
  }
  if (d.ms < bounds.min || d.ms > bounds.max) {
    throw badCommand(`${quote(what)}: ${shown} is out of range (${range}). Try ${code(example)}.`);
  }
  return { value: d.ms, next: read.next };
}

/** An alert or digest ID: one word. */
export function requireId(tokens: readonly Token[], what: string, example: string): string {
  const [id, extra] = tokens;
  if (!id || id.text.trim() === "") {
    throw badCommand(
      `${quote(what)} needs an ID (\`alert list\` / \`digest list\` show them). Try ${code(example)}.`,
    );
  }
  if (extra) {
    throw badCommand(
      `${quote(what)} takes one ID; I don't understand ${quote(joinTokens(tokens.slice(1)))} after it. Try ${code(example)}.`,
    );
  }
  return id.text;
}

/** The words `alert` and `digest` both accept for adding, listing and removing. */
export const LIST_ADD_REMOVE = {
  add: "add",
  create: "add",
  new: "add",
  list: "list",
  ls: "list",
  show: "list",
  remove: "remove",
  rm: "remove",
  delete: "remove",
  del: "remove",
} as const;

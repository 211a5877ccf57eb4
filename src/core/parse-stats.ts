/** `stats <task> [<range>] [types <type,...>] [csv]`, where the task may be several bare words. */
import { isOmsbotError, type OmsbotError } from "../errors.ts";
import type { Command, RangeSpec } from "./command.ts";
import { DEFAULT_RANGE, DEFAULT_TYPES } from "./command-limits.ts";
import { DATA_TYPES, type DataType } from "./domain.ts";
import { tryExamples } from "./help.ts";
import { badCommand, quote } from "./parse-errors.ts";
import { parseRangeAt, RANGE_KEYWORDS, rangeSpecText } from "./parse-range.ts";
import { didYouMean, isWord, joinTokens, taskRefOf, tokenAt } from "./parse-shared.ts";
import type { Token } from "./tokenize.ts";

const TYPE_WORDS: Record<string, DataType> = {
  request: "REQUEST",
  requests: "REQUEST",
  requested: "REQUEST",
  req: "REQUEST",
  success: "SUCCESS",
  successes: "SUCCESS",
  succeeded: "SUCCESS",
  successful: "SUCCESS",
  ok: "SUCCESS",
  failure: "FAILURE",
  failures: "FAILURE",
  failed: "FAILURE",
  fail: "FAILURE",
  fails: "FAILURE",
  skip: "SKIP",
  skips: "SKIP",
  skipped: "SKIP",
  size: "SIZE",
  sizes: "SIZE",
  bytes: "SIZE",
  byte: "SIZE",
};

const TYPES_KEYWORDS = ["types", "type"];
const TAIL_KEYWORDS: ReadonlySet<string> = new Set([...RANGE_KEYWORDS, ...TYPES_KEYWORDS, "csv"]);

interface Tail {
  range?: RangeSpec;
  types?: DataType[];
  csv: boolean;
}

const pieces = (tok: Token) => tok.text.split(",").filter((p) => p.trim() !== "");
const isTypeWord = (p: string) =>
  p.toLowerCase() === "all" || Object.hasOwn(TYPE_WORDS, p.toLowerCase());

/** `types request,failure` / `types request, failure` / `types requests failures` / `types all`. */
function readTypes(tokens: Token[], i: number): { types: DataType[]; next: number } {
  const found = new Set<DataType>();
  let j = i + 1;
  let joined = true; // the next token continues the list (first token, or after a comma)
  for (; j < tokens.length; j++) {
    const tok = tokenAt(tokens, j);
    if (tok.quoted) break;
    const ps = pieces(tok);
    const continues = joined || tok.text.startsWith(",") || (ps.length > 0 && ps.every(isTypeWord));
    if (!continues) break;
    for (const p of ps) {
      const word = p.toLowerCase();
      if (word === "all") for (const t of DATA_TYPES) found.add(t);
      else {
        const t = TYPE_WORDS[word];
        if (!t) {
          const hint = didYouMean(word, ["request", "success", "failure", "skip", "size"]);
          throw badCommand(
            `I don't know the type ${quote(p)}.${hint} Types are request, success, failure, skip and size. ${tryExamples("statsTypes")}`,
          );
        }
        found.add(t);
      }
    }
    joined = tok.text.endsWith(",") || ps.length === 0;
  }
  if (found.size === 0) {
    throw badCommand(
      `\`${tokens[i]?.text ?? "types"}\` needs one or more of request, success, failure, skip, size. ${tryExamples("statsTypes")}`,
    );
  }
  return { types: DATA_TYPES.filter((t) => found.has(t)), next: j };
}

/** Range, types and csv in any order, each at most once. */
function readTail(tokens: Token[], from: number): Tail {
  const tail: Tail = { csv: false };
  let i = from;
  while (i < tokens.length) {
    const tok = tokenAt(tokens, i);
    const range = parseRangeAt(tokens, i);
    if (range) {
      if (tail.range) {
        throw badCommand(
          `Give one range: ${quote(rangeSpecText(tail.range))} and ${quote(rangeSpecText(range.value))} are both ranges. ${tryExamples("stats")}`,
        );
      }
      tail.range = range.value;
      i = range.next;
    } else if (isWord(tok, ...TYPES_KEYWORDS)) {
      const r = readTypes(tokens, i);
      tail.types = [...new Set([...(tail.types ?? []), ...r.types])];
      i = r.next;
    } else if (isWord(tok, "csv")) {
      tail.csv = true;
      i++;
    } else {
      const hint = didYouMean(tok.lower, [...TAIL_KEYWORDS]);
      throw badCommand(
        `I don't understand ${quote(tok.text)} in ${quote(`stats ${joinTokens(tokens)}`)}.${hint} After the task come a range, \`types …\` and \`csv\`. ${tryExamples("stats", "statsTypes")}`,
      );
    }
  }
  return tail;
}

function statsCommand(task: string, tail: Tail): Command {
  return {
    name: "stats",
    task,
    range: tail.range ?? DEFAULT_RANGE,
    types: tail.types ? DATA_TYPES.filter((t) => tail.types?.includes(t)) : [...DEFAULT_TYPES],
    csv: tail.csv,
  };
}

/**
 * The task is the words before the first keyword after which the rest reads as a tail, so
 * `stats data from prod last 6h` finds the task `data from prod`. A keyword followed by a
 * number or another keyword that fails to read (`last 6x`, `since yesterday`) was surely meant
 * as one: its error wins.
 */
export function parseStats(rest: Token[]): Command {
  const needTask = `\`stats\` needs a task: its name, ID or \`src→dst\`. ${tryExamples("stats", "statsQuoted")}`;
  if (rest.length === 0) throw badCommand(needTask);
  const first = tokenAt(rest, 0);
  if (first.quoted) {
    if (first.text.trim() === "") throw badCommand(needTask);
    return statsCommand(first.text.trim(), readTail(rest, 1));
  }
  if (TAIL_KEYWORDS.has(first.lower)) {
    let alone = false;
    try {
      readTail(rest, 0);
      alone = true;
    } catch {}
    if (alone) throw badCommand(`${quote(`stats ${joinTokens(rest)}`)}: ${needTask}`);
  }
  let firstError: OmsbotError | undefined;
  for (let k = 1; k < rest.length; k++) {
    const tok = tokenAt(rest, k);
    if (tok.quoted || !TAIL_KEYWORDS.has(tok.lower)) continue;
    try {
      return statsCommand(taskRefOf(rest.slice(0, k)), readTail(rest, k));
    } catch (e) {
      if (!isOmsbotError(e)) throw e;
      firstError ??= e;
      const after = rest[k + 1];
      if (after && !after.quoted && (/^\d/.test(after.text) || TAIL_KEYWORDS.has(after.lower))) {
        throw e;
      }
    }
  }
  if (firstError) throw firstError;
  return statsCommand(taskRefOf(rest), { csv: false });
}

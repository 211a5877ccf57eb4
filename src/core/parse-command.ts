/**
 * Text → Command, for `/oms`, @mentions and the shell alike (DESIGN.md "Command language").
 * Throws only OmsbotError BAD_COMMAND / BAD_RANGE, whose message quotes the bad part and shows
 * a correct example.
 */
import type { Command } from "./command.ts";
import type { TaskStatus } from "./domain.ts";
import { tryExamples } from "./help.ts";
import { parseAlert } from "./parse-alert.ts";
import { parseDigest } from "./parse-digest.ts";
import { badCommand, quote } from "./parse-errors.ts";
import { didYouMean, joinTokens, taskRefOf } from "./parse-shared.ts";
import { parseStats } from "./parse-stats.ts";
import { type Token, tokenize } from "./tokenize.ts";

/** Longer input is not a command anyone typed; refusing early keeps parsing cheap. */
export const MAX_COMMAND_LENGTH = 4000;

type Verb = "help" | "list" | "task" | "stats" | "alert" | "digest" | "exports";

const VERBS: Record<string, Verb> = {
  help: "help",
  "?": "help",
  "-h": "help",
  "--help": "help",
  usage: "help",
  list: "list",
  ls: "list",
  tasks: "list",
  task: "task",
  show: "task",
  info: "task",
  stats: "stats",
  stat: "stats",
  statistics: "stats",
  chart: "stats",
  alert: "alert",
  alerts: "alert",
  digest: "digest",
  digests: "digest",
  exports: "exports",
  export: "exports",
};

const COMMAND_NAMES = ["help", "list", "task", "stats", "alert", "digest", "exports"];

const STATUS_WORDS: Record<string, TaskStatus | "all"> = {
  synchronizing: "SYNCHRONIZING",
  syncing: "SYNCHRONIZING",
  sync: "SYNCHRONIZING",
  running: "SYNCHRONIZING",
  active: "SYNCHRONIZING",
  started: "SYNCHRONIZING",
  stopped: "STOPPED",
  stop: "STOPPED",
  paused: "STOPPED",
  inactive: "STOPPED",
  all: "all",
};

function parseList(rest: Token[]): Command {
  if (rest.length === 0) return { name: "list" };
  const [word, ...extra] = rest;
  const status = word && !word.quoted ? STATUS_WORDS[word.lower] : undefined;
  if (!status || extra.length > 0) {
    const hint = word ? didYouMean(word.lower, ["synchronizing", "stopped", "all"]) : "";
    throw badCommand(
      `\`list\` takes \`synchronizing\` or \`stopped\`, not ${quote(joinTokens(rest))}.${hint} ${tryExamples("list", "listStopped")}`,
    );
  }
  return status === "all" ? { name: "list" } : { name: "list", status };
}

function parseTask(rest: Token[]): Command {
  const task = taskRefOf(rest);
  if (task === "") {
    throw badCommand(`\`task\` needs a task: its name, ID or \`src→dst\`. ${tryExamples("task")}`);
  }
  return { name: "task", task };
}

function unknownVerb(word: string): never {
  const hint = didYouMean(word.toLowerCase(), COMMAND_NAMES);
  throw badCommand(
    `I don't understand ${quote(word)}.${hint} ${tryExamples("list", "stats")} Type \`help\` for all commands.`,
  );
}

export function parseCommand(text: string): Command {
  if (text.length > MAX_COMMAND_LENGTH) {
    throw badCommand(
      `That is ${text.length} characters, too long for a command (${quote(text, 30)}). ${tryExamples("stats")}`,
    );
  }
  const tokens = tokenize(text);
  if (tokens[0]?.lower === "/oms") tokens.shift();
  const [head, ...rest] = tokens;
  if (!head) return { name: "help" };
  const verb = head.quoted ? undefined : VERBS[head.lower];
  switch (verb) {
    case "help": {
      const topic = joinTokens(rest).trim().toLowerCase();
      return topic ? { name: "help", topic } : { name: "help" };
    }
    case "list":
      return parseList(rest);
    case "task":
      return parseTask(rest);
    case "stats":
      return parseStats(rest);
    case "alert":
      return parseAlert(rest);
    case "digest":
      return parseDigest(rest);
    case "exports": {
      const taskName = taskRefOf(rest);
      return taskName ? { name: "exports", taskName } : { name: "exports" };
    }
    default:
      return unknownVerb(head.text);
  }
}

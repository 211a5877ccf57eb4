/** `digest add|list|remove|run` — parsing only; what digests do lives elsewhere. */
import type { ChannelRef, Command, TaskRef } from "./command.ts";
import { code, EXAMPLE, tryExamples, USAGE } from "./help.ts";
import { badCommand, quote } from "./parse-errors.ts";
import { parseClock } from "./parse-range.ts";
import {
  didYouMean,
  isWord,
  joinTokens,
  LIST_ADD_REMOVE,
  requireId,
  tokenAt,
} from "./parse-shared.ts";
import { isZoneAbbreviation, readTimeZone, zoneHint } from "./time-zone-name.ts";
import type { Token } from "./tokenize.ts";
import { knownTimeZones } from "./zoned-time.ts";

const SUBCOMMANDS: Record<string, "add" | "list" | "remove" | "run"> = {
  ...LIST_ADD_REMOVE,
  run: "run",
  send: "run",
  post: "run",
};

const usage = `Usage: ${code(USAGE.digestAdd)}. ${tryExamples("digestAdd")}`;

/** Zone-like words: `Europe/Berlin`, `UTC`, `Etc/GMT+3`; common words must not be read as zones. */
function looksLikeZone(tok: Token): boolean {
  return (
    !tok.quoted &&
    (tok.text.includes("/") || /^(utc|gmt)$/i.test(tok.text) || isZoneAbbreviation(tok.text))
  );
}

/** `Berlin` → " Did you mean `Europe/Berlin`?", since people name the city, not the zone. */
function zoneByCity(word: string): string | undefined {
  const city = word.toLowerCase().replace(/ /g, "_");
  const zone = knownTimeZones().find((z) => z.toLowerCase().split("/").pop() === city);
  return zone ? ` Did you mean the timezone \`${zone}\`?` : undefined;
}

function readZone(tok: Token): string {
  const reading = readTimeZone(tok.text);
  if (reading.ok) return reading.tz;
  throw badCommand(
    `I don't know the timezone ${quote(tok.text)}.${zoneHint(reading.suggestions)} Use an IANA name like \`Europe/Berlin\`, \`America/New_York\` or \`UTC\`. ${tryExamples("digestAdd")}`,
  );
}

function readClock(
  tokens: Token[],
  i: number,
): { at: { hour: number; minute: number }; next: number } {
  const tok = tokens[i];
  const after = tokens[i + 1];
  // `at 9 am` arrives as two words.
  if (tok && after && /^\d{1,2}$/.test(tok.text) && isWord(after, "am", "pm")) {
    const at = parseClock(`${tok.text}${after.lower}`);
    if (at) return { at, next: i + 2 };
  }
  const at = tok && !tok.quoted ? parseClock(tok.text) : undefined;
  if (!at) {
    const got = tok ? quote(tok.text) : "nothing";
    throw badCommand(
      `\`at\` needs a time from 00:00 to 23:59 like \`09:00\`, not ${got}. ${tryExamples("digestAdd")}`,
    );
  }
  return { at, next: i + 1 };
}

/** `a, b` / `a,b` / `"long name", b` → refs; stops at the next clause. */
function readTaskList(tokens: Token[], i: number): { refs: TaskRef[]; next: number } {
  const refs: TaskRef[] = [];
  let current: string[] = [];
  const close = () => {
    const name = current.join(" ").trim();
    if (name) refs.push(name);
    current = [];
  };
  let j = i;
  for (; j < tokens.length; j++) {
    const tok = tokenAt(tokens, j);
    const clause = isWord(tok, "at", "in", "to", "tz", "timezone") || looksLikeZone(tok);
    if (tok.channel || clause || (!tok.quoted && parseClock(tok.text))) break;
    if (tok.quoted) {
      close();
      current.push(tok.text);
      close();
      continue;
    }
    const pieces = tok.text.split(",");
    pieces.forEach((piece, n) => {
      if (n > 0) close();
      if (piece.trim()) current.push(piece.trim());
    });
  }
  close();
  return { refs, next: j };
}

function parseAdd(args: Token[]): Command {
  let channel: ChannelRef | undefined;
  let at: { hour: number; minute: number } | undefined;
  let tz: string | undefined;
  let tasks: { all: true } | { all: false; refs: TaskRef[] } | undefined;
  const once = (present: unknown, what: string) => {
    if (present !== undefined) {
      throw badCommand(`Give ${what} once in ${quote(`digest add ${joinTokens(args)}`)}. ${usage}`);
    }
  };
  let i = 0;
  while (i < args.length) {
    const tok = tokenAt(args, i);
    const next = args[i + 1];
    if (tok.channel || (isWord(tok, "in", "to", "channel") && next?.channel)) {
      once(channel, "one channel");
      channel = tok.channel ?? next?.channel;
      i += tok.channel ? 1 : 2;
    } else if (isWord(tok, "at")) {
      once(at, "the time");
      const r = readClock(args, i + 1);
      at = r.at;
      i = r.next;
    } else if (!tok.quoted && parseClock(tok.text)) {
      once(at, "the time");
      const r = readClock(args, i);
      at = r.at;
      i = r.next;
    } else if (isWord(tok, "tz", "timezone")) {
      once(tz, "one timezone");
      if (!next)
        throw badCommand(`\`${tok.text}\` needs a timezone like \`Europe/Berlin\`. ${usage}`);
      tz = readZone(next);
      i += 2;
    } else if (looksLikeZone(tok)) {
      once(tz, "one timezone");
      tz = readZone(tok);
      i++;
    } else if (isWord(tok, "tasks", "task", "for")) {
      once(tasks, "the tasks");
      if (isWord(next, "all")) {
        tasks = { all: true };
        i += 2;
        continue;
      }
      const r = readTaskList(args, i + 1);
      if (r.refs.length === 0) {
        throw badCommand(
          `\`${tok.text}\` needs task names separated by commas, or \`all\`. ${usage}`,
        );
      }
      tasks = { all: false, refs: r.refs };
      i = r.next;
    } else if (isWord(tok, "all")) {
      once(tasks, "the tasks");
      tasks = { all: true };
      i++;
    } else {
      const hint = zoneByCity(tok.text) ?? didYouMean(tok.lower, ["at", "tasks", "all", "in"]);
      throw badCommand(
        `I don't understand ${quote(tok.text)} in ${quote(`digest add ${joinTokens(args)}`)}.${hint} ${usage}`,
      );
    }
  }
  if (!at) throw badCommand(`\`digest add\` needs a time: \`at 09:00\`. ${usage}`);
  const cmd: Command = { name: "digest.add", at, tasks: tasks ?? { all: true } };
  if (channel) cmd.channel = channel;
  if (tz) cmd.tz = tz;
  return cmd;
}

export function parseDigest(rest: Token[]): Command {
  const [sub, ...args] = rest;
  if (!sub) return { name: "digest.list" };
  const kind = sub.quoted ? undefined : SUBCOMMANDS[sub.lower];
  switch (kind) {
    case "add":
      return parseAdd(args);
    case "list":
      if (args.length > 0) {
        throw badCommand(
          `\`digest list\` takes nothing after it (got ${quote(joinTokens(args))}). Try \`digest list\`.`,
        );
      }
      return { name: "digest.list" };
    case "remove":
      return { name: "digest.remove", id: requireId(args, "digest remove", EXAMPLE.digestRemove) };
    case "run":
      return { name: "digest.run", id: requireId(args, "digest run", EXAMPLE.digestRun) };
    default: {
      const hint = didYouMean(sub.lower, ["add", "list", "remove", "run"]);
      throw badCommand(
        `I don't understand ${quote(`digest ${sub.text}`)}.${hint} Digests: \`digest add\`, \`digest list\`, ${code(USAGE.digestRemove)}, ${code(USAGE.digestRun)}. ${tryExamples("digestAdd")}`,
      );
    }
  }
}

/** `alert add|list|remove|mute|unmute|ack` — parsing only; what alerts do lives elsewhere. */
import { isOmsbotError, type OmsbotError } from "../errors.ts";
import type { AlertCondition, ChannelRef, Command } from "./command.ts";
import {
  DEFAULT_ALERT_WINDOW_MS,
  MAX_ALERT_WINDOW_MS,
  MAX_MUTE_MS,
  MAX_REPEAT_MS,
  MAX_STALLED_MS,
  MIN_ALERT_WINDOW_MS,
  MIN_MUTE_MS,
  MIN_REPEAT_MS,
  MIN_STALLED_MS,
} from "./command-limits.ts";
import { code, EXAMPLE, tryExamples, USAGE } from "./help.ts";
import { parseExportsAdd } from "./parse-alert-exports.ts";
import { badCommand, quote } from "./parse-errors.ts";
import type { Parsed } from "./parse-range.ts";
import {
  didYouMean,
  isWord,
  joinTokens,
  LIST_ADD_REMOVE,
  readDuration,
  requireDuration,
  requireId,
  taskRefOf,
  tokenAt,
} from "./parse-shared.ts";
import type { Token } from "./tokenize.ts";

const SUBCOMMANDS: Record<string, "add" | "list" | "remove" | "mute" | "unmute" | "ack"> = {
  ...LIST_ADD_REMOVE,
  ack: "ack",
  acknowledge: "ack",
  mute: "mute",
  snooze: "mute",
  unmute: "unmute",
  unsnooze: "unmute",
};

const FAILURES = ["failures", "failure", "failed", "fails"];
const RATE = ["failure-rate", "failure_rate", "failurerate", "fail-rate", "failure-rate%"];
const STOPPED = ["stopped", "stops", "stop"];
const STALLED = ["stalled", "stalls", "stuck"];
const CONDITION_WORDS = [...FAILURES, ...RATE, ...STOPPED, ...STALLED];

const conditionHelp = `Conditions: ${code(USAGE.alertCondition)}. ${tryExamples("alertAdd", "alertStopped", "alertAdsFailed")}`;

interface AddOptions {
  condition: AlertCondition;
  channel?: ChannelRef;
  repeatMs?: number;
}

function requireGreater(tokens: Token[], i: number, what: string, example: string): number {
  const op = tokens[i];
  if (op && !op.quoted && op.text === ">") return i + 1;
  // `failures 10` has an obvious meaning; anything else comparison-like does not.
  if (op && /^\d/.test(op.text)) return i;
  const got = op ? quote(op.text) : "nothing";
  throw badCommand(
    `${quote(what)} needs ${code("> <number>")} after it, not ${got} (only ${code(">")} is supported). Try ${code(example)}.`,
  );
}

function readCondition(tokens: Token[], k: number): Parsed<AlertCondition> {
  const tok = tokens[k];
  const word = tok?.lower ?? "";
  const rateTwoWords = word === "failure" && isWord(tokens[k + 1], "rate");
  if (RATE.includes(word) || rateTwoWords) {
    const i = requireGreater(tokens, k + (rateTwoWords ? 2 : 1), "failure-rate", EXAMPLE.alertRate);
    const num = tokens[i]?.text ?? "";
    const m = /^(\d{1,3}(?:[.,]\d{1,4})?)(%?)$/.exec(num);
    const percent = m ? Number((m[1] ?? "").replace(",", ".")) : Number.NaN;
    if (!m || !(percent >= 0 && percent < 100)) {
      throw badCommand(
        `${quote(`failure-rate > ${num}`)}: give a percentage from 0 to below 100, like \`5%\`. Try \`alert add nightly-backup failure-rate > 5% in 30m\`.`,
      );
    }
    const next = !m[2] && isWord(tokens[i + 1], "%") ? i + 2 : i + 1;
    return { value: { kind: "failure-rate", percent, windowMs: DEFAULT_ALERT_WINDOW_MS }, next };
  }
  // `failed` alone (no `>` or number after it) is the ADS condition; `failed > 10` stays the
  // OMS failure count, as it parsed before ADS existed.
  const after = tokens[k + 1];
  if (word === "failed" && !(after && (after.text === ">" || /^\d/.test(after.text)))) {
    return { value: { kind: "failed" }, next: k + 1 };
  }
  if (FAILURES.includes(word)) {
    const i = requireGreater(tokens, k + 1, tok?.text ?? "failures", EXAMPLE.alertAdd);
    const num = tokens[i]?.text ?? "";
    if (!/^\d{1,12}$/.test(num)) {
      throw badCommand(
        `${quote(`failures > ${num}`)}: give a whole number of failed objects, like \`10\`. Try ${code(EXAMPLE.alertAdd)}.`,
      );
    }
    return {
      value: { kind: "failures", threshold: Number(num), windowMs: DEFAULT_ALERT_WINDOW_MS },
      next: i + 1,
    };
  }
  if (STOPPED.includes(word)) return { value: { kind: "stopped" }, next: k + 1 };
  const at = isWord(tokens[k + 1], "for") ? k + 2 : k + 1;
  const d = requireDuration(
    tokens,
    at,
    "stalled",
    { min: MIN_STALLED_MS, max: MAX_STALLED_MS },
    EXAMPLE.alertStalled,
  );
  return { value: { kind: "stalled", durationMs: d.value }, next: d.next };
}

function readAddOptions(tokens: Token[], k: number): AddOptions {
  const cond = readCondition(tokens, k);
  const out: AddOptions = { condition: cond.value };
  let windowSet = false;
  let i = cond.next;
  const setChannel = (tok: Token) => {
    if (out.channel)
      throw badCommand(
        `Give one channel, not two (${quote(tok.text)}). ${tryExamples("alertRate")}`,
      );
    if (tok.channel) out.channel = tok.channel;
  };
  while (i < tokens.length) {
    const tok = tokenAt(tokens, i);
    const next = tokens[i + 1];
    if (tok.channel) {
      setChannel(tok);
      i++;
    } else if (isWord(tok, "in", "to", "channel") && next?.channel) {
      setChannel(next);
      i += 2;
    } else if (isWord(tok, "in", "over", "within", "during")) {
      if (!readDuration(tokens, i + 1)) {
        const got = next ? quote(next.text) : "nothing";
        throw badCommand(
          `After ${quote(tok.text)} give a window like \`15m\` or a channel like \`#ops\`, not ${got}. ${tryExamples("alertAdd", "alertRate")}`,
        );
      }
      const c = out.condition;
      if (c.kind === "failed") {
        throw badCommand(
          `${quote(`${tok.text} ${next?.text ?? ""}`)}: \`failed\` takes no window, it fires while the ADS task is FAILED. ${tryExamples("alertAdsFailed", "alertAdd")}`,
        );
      }
      if (c.kind !== "failures" && c.kind !== "failure-rate") {
        throw badCommand(
          `${quote(`${tok.text} ${next?.text ?? ""}`)}: a window only applies to \`failures\` and \`failure-rate\`. ${tryExamples("alertAdd", "alertStalled")}`,
        );
      }
      if (windowSet) {
        throw badCommand(
          `Give one window, not two (${quote(`${tok.text} ${next?.text ?? ""}`)}). ${tryExamples("alertAdd")}`,
        );
      }
      const bounds = { min: MIN_ALERT_WINDOW_MS, max: MAX_ALERT_WINDOW_MS };
      const d = requireDuration(tokens, i + 1, `${tok.text}`, bounds, EXAMPLE.alertAdd);
      c.windowMs = d.value;
      windowSet = true;
      i = d.next;
    } else if (isWord(tok, "repeat", "every")) {
      if (out.repeatMs !== undefined)
        throw badCommand(`Give \`repeat\` once. ${tryExamples("alertRate")}`);
      const at = isWord(next, "every") ? i + 2 : i + 1;
      const d = requireDuration(
        tokens,
        at,
        "repeat",
        { min: MIN_REPEAT_MS, max: MAX_REPEAT_MS },
        EXAMPLE.alertRate,
      );
      out.repeatMs = d.value;
      i = d.next;
    } else {
      const hint = didYouMean(tok.lower, ["in", "repeat", "every"]);
      throw badCommand(
        `I don't understand ${quote(tok.text)} in ${quote(joinTokens(tokens))}.${hint} After the condition come ${code("in <window>")}, \`in #channel\` and ${code("repeat <duration>")}. ${tryExamples("alertRate")}`,
      );
    }
  }
  return out;
}

function parseAdd(args: Token[]): Command {
  const exportsRule = parseExportsAdd(args, CONDITION_WORDS);
  if (exportsRule) return exportsRule;
  const usage = `Usage: ${code(USAGE.alertAdd)}. ${conditionHelp}`;
  if (args.length === 0)
    throw badCommand(`\`alert add\` needs a task (or \`all\`) and a condition. ${usage}`);
  if (isWord(args[0], ...CONDITION_WORDS)) {
    let parsesAlone = false;
    try {
      readAddOptions(args, 0);
      parsesAlone = true;
    } catch {}
    if (parsesAlone) {
      throw badCommand(
        `${quote(`alert add ${joinTokens(args)}`)} needs a task or \`all\` before the condition. ${tryExamples("alertAdd", "alertRate")}`,
      );
    }
  }
  let firstError: OmsbotError | undefined;
  for (let k = 1; k < args.length; k++) {
    if (!isWord(args[k], ...CONDITION_WORDS)) continue;
    try {
      const opts = readAddOptions(args, k);
      const targetTokens = args.slice(0, k);
      const target =
        k === 1 && isWord(args[0], "all")
          ? { all: true as const }
          : { all: false as const, task: taskRefOf(targetTokens) };
      return { name: "alert.add", target, ...opts };
    } catch (e) {
      if (!isOmsbotError(e)) throw e;
      firstError ??= e;
    }
  }
  if (firstError) throw firstError;
  throw badCommand(
    `I don't see a condition in ${quote(`alert add ${joinTokens(args)}`)}. ${conditionHelp}`,
  );
}

function parseMute(args: Token[]): Command {
  const example = EXAMPLE.alertMute;
  // The duration is at the end; everything before it (less an optional `for`) is the target.
  for (let cut = Math.max(1, args.length - 2); cut < args.length; cut++) {
    const read = readDuration(args, cut);
    if (read && read.next === args.length) {
      const d = requireDuration(
        args,
        cut,
        "alert mute",
        { min: MIN_MUTE_MS, max: MAX_MUTE_MS },
        example,
      );
      const end = isWord(args[cut - 1], "for") ? cut - 1 : cut;
      const target = taskRefOf(args.slice(0, end));
      if (target === "") break;
      return { name: "alert.mute", target, durationMs: d.value };
    }
  }
  if (args.length === 0)
    throw badCommand(`\`alert mute\` needs a task or alert ID and how long. Try ${code(example)}.`);
  throw badCommand(
    `\`alert mute\` needs how long at the end, like \`1h\`; I read ${quote(`alert mute ${joinTokens(args)}`)}. Try ${code(example)}.`,
  );
}

export function parseAlert(rest: Token[]): Command {
  const [sub, ...args] = rest;
  if (!sub) return { name: "alert.list" };
  const kind = sub.quoted ? undefined : SUBCOMMANDS[sub.lower];
  switch (kind) {
    case "add":
      return parseAdd(args);
    case "list":
      if (args.length > 0)
        throw badCommand(
          `\`alert list\` takes nothing after it (got ${quote(joinTokens(args))}). Try \`alert list\`.`,
        );
      return { name: "alert.list" };
    case "remove":
      return { name: "alert.remove", id: requireId(args, "alert remove", EXAMPLE.alertRemove) };
    case "mute":
      return parseMute(args);
    case "ack":
      return { name: "alert.ack", incident: requireId(args, "alert ack", EXAMPLE.alertAck) };
    case "unmute": {
      const target = taskRefOf(args);
      if (target === "")
        throw badCommand(
          `\`alert unmute\` needs a task or alert ID. Try ${code(EXAMPLE.alertUnmute)}.`,
        );
      return { name: "alert.unmute", target };
    }
    default: {
      const hint = didYouMean(sub.lower, ["add", "list", "remove", "mute", "unmute", "ack"]);
      throw badCommand(
        `I don't understand ${quote(`alert ${sub.text}`)}.${hint} Alerts: \`alert add\`, \`alert list\`, ${code(USAGE.alertRemove)}, ${code(USAGE.alertMute)}, ${code(USAGE.alertUnmute)}. ${tryExamples("alertAdd")}`,
      );
    }
  }
}

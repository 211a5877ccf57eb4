import { describe, expect, it } from "vitest";
import { escapeMrkdwn } from "../../src/core/format.ts";
import { parseCommand } from "../../src/core/parse-command.ts";
import { type ErrorCode, OmsbotError } from "../../src/errors.ts";
import { codeSpans, hasWorkingExample } from "./message-checks.ts";

function errorOf(text: string): OmsbotError {
  try {
    parseCommand(text);
  } catch (e) {
    if (e instanceof OmsbotError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

// [input, code, the bad part the message must quote, optional: another phrase it must contain]
const cases: [string, ErrorCode, string, string?][] = [
  ["lst", "BAD_COMMAND", "lst", "Did you mean `list`"],
  ["stast x", "BAD_COMMAND", "stast", "Did you mean `stats`"],
  ["halp", "BAD_COMMAND", "halp", "`help`"],
  ["frobnicate now", "BAD_COMMAND", "frobnicate"],
  ['"stats" x', "BAD_COMMAND", "stats"],
  ["list everything", "BAD_COMMAND", "everything"],
  ["list stoped", "BAD_COMMAND", "stoped", "Did you mean `stopped`"],
  ["list stopped now", "BAD_COMMAND", "stopped now"],
  ["task", "BAD_COMMAND", "task"],
  ['task ""', "BAD_COMMAND", "task"],
  ["stats", "BAD_COMMAND", "stats"],
  ["stats last 6h", "BAD_COMMAND", "stats last 6h"],
  ["stats today", "BAD_COMMAND", "stats today"],
  ["stats x last", "BAD_RANGE", "last"],
  ["stats x last 6x", "BAD_RANGE", "6x"],
  ["stats x last 90s", "BAD_RANGE", "last 90s", "minutes"],
  ["stats x last 1.5h", "BAD_RANGE", "last 1.5h", "90m"],
  ["stats x last 0h", "BAD_RANGE", "last 0h", "at least 5m"],
  // The API's points are 5 minutes apart: shorter ranges came back as "no data" with no reason.
  ["stats x last 1m", "BAD_RANGE", "last 1m", "5-minute intervals"],
  ["stats x last 2m", "BAD_RANGE", "last 2m", "5-minute intervals"],
  ["stats x last 4 minutes", "BAD_RANGE", "last 4 minutes", "5-minute intervals"],
  ["stats x last minute", "BAD_RANGE", "last minute", "`stats nightly-backup last 30m`"],
  ["stats x last 91d", "BAD_RANGE", "last 91d", "90 days"],
  ["stats x last 13w", "BAD_RANGE", "last 13w", "90 days"],
  ["stats x last 6h today", "BAD_COMMAND", "today", "one range"],
  ["stats nightly last 6x today", "BAD_RANGE", "6x"],
  ["stats x since", "BAD_RANGE", "since"],
  ["stats x since noon", "BAD_RANGE", "noon"],
  ["stats x since 25:00", "BAD_RANGE", "25:00", "not a real date or time"],
  ["stats x since 9", "BAD_RANGE", "9"],
  ["stats x since yesterday", "BAD_RANGE", "since yesterday"],
  ["stats x from 2026-02-30 08:00 to 2026-03-01 08:00", "BAD_RANGE", "2026-02-30"],
  ["stats x from 2026-13-01 to 2026-12-01", "BAD_RANGE", "2026-13-01"],
  ["stats x from 1999-01-01 to 2026-12-01", "BAD_RANGE", "1999-01-01"],
  ["stats x from 2026-11-20 08:00 to tomorrow", "BAD_RANGE", "tomorrow"],
  ["stats x from 2026-11-20 8:61", "BAD_RANGE", "2026-11-20 8:61"],
  ["stats x types", "BAD_COMMAND", "types"],
  ["stats x types falures", "BAD_COMMAND", "falures", "Did you mean `failure`"],
  ["stats x types request,bogus", "BAD_COMMAND", "bogus"],
  ['stats "x" lst 6h', "BAD_COMMAND", "lst", "Did you mean `last`"],
  ["stats x csv please", "BAD_COMMAND", "please"],
  ['stats "nightly backup last 6h', "BAD_COMMAND", '"nightly backup last 6h', "never closed"],
  ["alert frob", "BAD_COMMAND", "alert frob"],
  ["alert ad x stopped", "BAD_COMMAND", "alert ad", "Did you mean `add`"],
  ["alert add", "BAD_COMMAND", "alert add"],
  ["alert add x", "BAD_COMMAND", "alert add x", "Conditions"],
  ["alert add failures > 10", "BAD_COMMAND", "alert add failures > 10", "before the condition"],
  ["alert add x failures", "BAD_COMMAND", "failures", "`>"],
  ["alert add x failures < 10", "BAD_COMMAND", "<", "only `>`"],
  ["alert add x failures > ten", "BAD_COMMAND", "failures > ten"],
  ["alert add x failures > -1", "BAD_COMMAND", "failures > -1"],
  ["alert add x failure-rate > 150%", "BAD_COMMAND", "failure-rate > 150%"],
  ["alert add x failure-rate > lots", "BAD_COMMAND", "failure-rate > lots"],
  ["alert add x failures > 10 in 5s", "BAD_COMMAND", "5s", "seconds"],
  ["alert add x failures > 10 in 1m", "BAD_COMMAND", "1m", "out of range"],
  ["alert add x failures > 10 in 2d", "BAD_COMMAND", "2d", "out of range"],
  ["alert add x failures > 10 in ops", "BAD_COMMAND", "ops", "window"],
  ["alert add x failures > 10 in 15m in 30m", "BAD_COMMAND", "in 30m", "one window"],
  ["alert add x failures > 10 in #a in #b", "BAD_COMMAND", "#b"],
  ["alert add x stopped in 15m", "BAD_COMMAND", "in 15m", "only applies"],
  ["alert add x stalled", "BAD_COMMAND", "stalled"],
  ["alert add x stalled 1m", "BAD_COMMAND", "1m"],
  ["alert add x stopped repeat", "BAD_COMMAND", "repeat"],
  ["alert add x stopped repeat 1m", "BAD_COMMAND", "1m"],
  ["alert add x stopped loudly", "BAD_COMMAND", "loudly"],
  ["alert add x stopped repet 30m", "BAD_COMMAND", "repet", "Did you mean `repeat`"],
  ["alert remove", "BAD_COMMAND", "alert remove"],
  ["alert remove a b", "BAD_COMMAND", "b"],
  ["alert list now", "BAD_COMMAND", "now"],
  ["alert mute", "BAD_COMMAND", "alert mute"],
  ["alert mute x", "BAD_COMMAND", "alert mute x"],
  ["alert mute 1h", "BAD_COMMAND", "alert mute 1h"],
  ["alert mute x 45d", "BAD_COMMAND", "45d", "out of range"],
  ["alert unmute", "BAD_COMMAND", "alert unmute"],
  ["digest add", "BAD_COMMAND", "digest add", "at 09:00"],
  ["digest add at", "BAD_COMMAND", "at"],
  ["digest add at 24:00", "BAD_COMMAND", "24:00"],
  ["digest add at 9:60", "BAD_COMMAND", "9:60"],
  ["digest add at noon", "BAD_COMMAND", "noon"],
  [
    "digest add at 09:00 Europe/Berln",
    "BAD_COMMAND",
    "Europe/Berln",
    "Did you mean `Europe/Berlin`",
  ],
  ["digest add at 09:00 Mars/Olympus", "BAD_COMMAND", "Mars/Olympus"],
  ["digest add at 09:00 at 10:00", "BAD_COMMAND", "digest add", "once"],
  ["digest add at 09:00 tasks", "BAD_COMMAND", "tasks"],
  ["digest add at 09:00 daily", "BAD_COMMAND", "daily"],
  ["digest add at 09:00 berlin", "BAD_COMMAND", "berlin", "`Europe/Berlin`"],
  ["digest add at 09:00 tz", "BAD_COMMAND", "tz"],
  ["digest remove", "BAD_COMMAND", "digest remove"],
  ["digest run a b", "BAD_COMMAND", "b"],
  ["digest list all", "BAD_COMMAND", "all"],
  ["digest fire", "BAD_COMMAND", "digest fire"],
];

describe("parseCommand: bad input", () => {
  it.each(cases)("%j → %s quoting %j", (text, code, bad, phrase) => {
    const e = errorOf(text);
    expect(e.code).toBe(code);
    // Messages are mrkdwn: what was typed comes back escaped (Slack shows `&gt;` as `>`).
    const spans = codeSpans(e.userMessage);
    expect(spans.some((s) => s.includes(escapeMrkdwn(bad)))).toBe(true);
    if (phrase) expect(e.userMessage).toContain(escapeMrkdwn(phrase));
    expect(hasWorkingExample(e.userMessage, text)).toBe(true);
  });

  it.each([
    "<!channel>",
    "frob <!channel>",
    '"<!channel>" x',
    "lst &lt;!channel&gt;",
    "list <!here>",
    'stats "x" <!channel>',
    "stats x last <!channel>",
    "stats x since <https://evil.example|x>",
    'stats "<!channel> last 6h',
    "stats x types <@U0123>",
    "alert add x failures > <!channel>",
    "alert add x stopped <https://evil.example|click>",
    "alert mute <!channel>",
    "alert remove a <!channel>",
    "digest add at 09:00 <!subteam^S1>",
    "digest add at 09:00 <https://evil.example|Europe/x>",
    "digest <!everyone>",
  ])("echoes %j as text, never as a ping or a link", (text) => {
    expect(errorOf(text).userMessage).not.toMatch(/[<>]/);
  });

  it("refuses very long input without echoing it", () => {
    const e = errorOf(`stats ${"x".repeat(5000)}`);
    expect(e.code).toBe("BAD_COMMAND");
    expect(e.userMessage.length).toBeLessThan(300);
  });

  it("keeps backticks in the bad part from breaking the code span", () => {
    const e = errorOf("l`s`t");
    expect(e.userMessage).toContain("`l's't`");
  });
});

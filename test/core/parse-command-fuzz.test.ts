import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/core/parse-command.ts";
import { USER_ERROR_CODES } from "../../src/errors.ts";
import { hasWorkingExample } from "./message-checks.ts";

/** parseCommand's contract: a Command, or an OmsbotError with a user code — nothing else. */
function checkContract(text: string): void {
  try {
    const cmd = parseCommand(text);
    expect(typeof cmd.name).toBe("string");
  } catch (e) {
    // Anything that is not an OmsbotError fails here with its own message.
    if (!(e instanceof Error) || e.name !== "OmsbotError") throw e;
    const err = e as Error & { code: string; userMessage: string };
    expect(USER_ERROR_CODES.has(err.code as never)).toBe(true);
    expect(err.userMessage.length).toBeGreaterThan(0);
    expect(err.userMessage.length).toBeLessThan(2000);
  }
}

const WORDS = [
  "/oms",
  "help",
  "list",
  "task",
  "stats",
  "alert",
  "digest",
  "exports",
  "add",
  "remove",
  "mute",
  "unmute",
  "run",
  "all",
  "last",
  "past",
  "today",
  "yesterday",
  "since",
  "from",
  "to",
  "now",
  "types",
  "type",
  "csv",
  "request,failure",
  "failures",
  "failure-rate",
  "failure",
  "rate",
  "stopped",
  "stalled",
  "in",
  "repeat",
  "every",
  "for",
  "at",
  "tasks",
  "tz",
  ">",
  ">=",
  "<",
  "%",
  "5%",
  "10",
  "0",
  "-1",
  "6h",
  "30m",
  "2d",
  "1w",
  "90s",
  "1.5h",
  "100d",
  "1h30m",
  "hours",
  "hour",
  "09:00",
  "9am",
  "25:00",
  "2026-11-20",
  "2026-02-30",
  "2026-11-20T08:00",
  "Europe/Berlin",
  "Mars/Base",
  "UTC",
  "#ops",
  "<#C0123ABCD|ops>",
  "<#C0123ABCD>",
  "<#C0123ABCD|>",
  "<@U123>",
  "&lt;",
  "&gt;",
  "&amp;",
  "->",
  "-&gt;",
  "→",
  '"',
  "'",
  "\u201C",
  "\u201D",
  "nightly",
  "backup",
  '"nightly backup"',
  "src->dst",
  ",",
  "`",
  "\n",
  "\t",
  "\u200B",
  "\uE000",
  "\uE001",
  "\uE0000",
  "<http://a.b|a.b>",
  "<mailto:x@y.z>",
  "\u{1F600}",
  "\uD800",
];

const tokenSoup = fc
  .array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 6 })), { maxLength: 60 })
  .chain((words) =>
    fc
      .array(fc.constantFrom(" ", "  ", "", "\t", ","), {
        minLength: words.length,
        maxLength: words.length,
      })
      .map((seps) => words.map((w, i) => `${w}${seps[i] ?? " "}`).join("")),
  )
  .map((s) => s.slice(0, 2000));

describe("parseCommand never throws anything but a user error", () => {
  it("on any string", () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), checkContract), { numRuns: 400 });
  });

  it("on any full-unicode string", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 2000 }), checkContract), {
      numRuns: 300,
    });
  });

  it("on mixes of keywords and tokens", () => {
    fc.assert(fc.property(tokenSoup, checkContract), { numRuns: 3000 });
  });

  it("on commands with garbage after a valid start", () => {
    const start = fc.constantFrom(
      "stats x ",
      "stats nightly backup last ",
      "alert add x ",
      "alert add all failures > ",
      "digest add at 09:00 ",
      "alert mute x ",
      "stats x from 2026-11-20 ",
    );
    fc.assert(
      fc.property(start, tokenSoup, (a, b) => checkContract(`${a}${b}`.slice(0, 2000))),
      { numRuns: 2000 },
    );
  });

  it("every error on a keyword mix shows a working example", () => {
    fc.assert(
      fc.property(tokenSoup, (text) => {
        try {
          parseCommand(text);
        } catch (e) {
          const msg = (e as { userMessage?: string }).userMessage ?? "";
          // A bad task name is the handler's to report; the parser's errors all carry an example.
          expect(hasWorkingExample(msg, text), msg).toBe(true);
          // Messages are mrkdwn: a raw `<` could make what was typed a ping or a link.
          expect(msg, msg).not.toMatch(/[<>]/);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

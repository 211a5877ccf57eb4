/** `alert add exports [in #channel]`: the CDN export notice rule, beside the OMS conditions. */
import { describe, expect, it } from "vitest";
import { helpText } from "../../src/core/help.ts";
import { parseCommand } from "../../src/core/parse-command.ts";
import { OmsbotError } from "../../src/errors.ts";

const exportsRule = (channel?: object) => ({
  name: "alert.add",
  target: { all: true },
  condition: { kind: "export-finished" },
  ...(channel ? { channel } : {}),
});

function refusal(text: string): string {
  try {
    parseCommand(text);
  } catch (e) {
    expect(e).toBeInstanceOf(OmsbotError);
    return (e as OmsbotError).userMessage;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe("alert add exports", () => {
  it.each([
    ["alert add exports", exportsRule()],
    ["alert add EXPORTS", exportsRule()],
    ["alert add export", exportsRule()],
    ["alert add all exports", exportsRule()],
    ["alert add exports in <#C0123ABCD|ops>", exportsRule({ id: "C0123ABCD", name: "ops" })],
    ["alert add exports <#C0123ABCD>", exportsRule({ id: "C0123ABCD" })],
    ["alert add exports to #ops", exportsRule({ name: "ops" })],
  ])("%s", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it("keeps `exports` a task name when an OMS condition follows", () => {
    expect(parseCommand("alert add exports stopped")).toEqual({
      name: "alert.add",
      target: { all: false, task: "exports" },
      condition: { kind: "stopped" },
    });
    expect(parseCommand('alert add "exports"  failures > 3')).toMatchObject({
      target: { all: false, task: "exports" },
      condition: { kind: "failures", threshold: 3 },
    });
  });

  it("refuses what does not apply to a once-per-task notice, saying how to write it", () => {
    const repeat = refusal("alert add exports repeat 1h");
    expect(repeat).toContain("nothing to repeat");
    expect(repeat).toContain("alert add exports in #ops");
    expect(refusal("alert add exports in 15m")).toContain("takes only a channel");
    expect(refusal("alert add exports #a #b")).toContain("one channel");
    expect(refusal("alert add exports please")).toContain("`please`");
  });

  it("is in the help for alerts and for exports", () => {
    expect(helpText("alert")).toContain("alert add exports");
    expect(helpText("exports")).toContain("alert add exports");
  });
});

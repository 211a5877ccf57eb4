import { describe, expect, it } from "vitest";
import { hasWorkingExample } from "./message-checks.ts";

describe("hasWorkingExample (the checker itself)", () => {
  it.each([
    ["bad `%%%`"],
    ["I can't read `stats x last 6x`."],
    ["`nightly backup` is not a task."],
    ["`last 30m` is too short."],
    ["Try `help`."],
    ["no code at all"],
  ])("finds no example in %j", (message) => {
    expect(hasWorkingExample(message)).toBe(false);
  });

  it("does not count the bad input quoted back as an example", () => {
    const input = "stats nightly-backup since 18:00";
    expect(hasWorkingExample(`\`${input}\` is in the future.`, input)).toBe(false);
    expect(
      hasWorkingExample(`\`${input}\` is in the future. Try \`stats x last 6h\`.`, input),
    ).toBe(true);
  });

  it.each([
    ["Try `stats nightly-backup last 6h`."],
    ["Try `list` or `list stopped`."],
    ["Try `alert add x failures &gt; 10`."],
  ])("finds the example in %j", (message) => {
    expect(hasWorkingExample(message)).toBe(true);
  });
});

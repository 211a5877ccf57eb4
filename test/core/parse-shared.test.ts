import { describe, expect, it } from "vitest";
import { tokenAt } from "../../src/core/parse-shared.ts";
import { tokenize } from "../../src/core/tokenize.ts";

describe("tokenAt", () => {
  it("returns the token, and fails loudly past the end rather than yielding undefined", () => {
    const tokens = tokenize("stats x last 6h");
    expect(tokenAt(tokens, 3).text).toBe("6h");
    expect(() => tokenAt(tokens, 4)).toThrow(RangeError);
    expect(() => tokenAt([], 0)).toThrow(RangeError);
  });
});

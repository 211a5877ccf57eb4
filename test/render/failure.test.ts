import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RENDER_FAILED_MESSAGE, renderFailed } from "../../src/render/failure.ts";

const renderDir = fileURLToPath(new URL("../../src/render/", import.meta.url));

describe("render failures", () => {
  it("say one thing to the user, written in one place", () => {
    const e = renderFailed("resvg failed", new Error("boom"));
    expect(e).toMatchObject({ code: "RENDER_FAILED", userMessage: RENDER_FAILED_MESSAGE });
    // A second copy of the text would drift; every render file goes through renderFailed.
    const holders = readdirSync(renderDir).filter((f) =>
      readFileSync(`${renderDir}${f}`, "utf8").includes(RENDER_FAILED_MESSAGE),
    );
    expect(holders).toEqual(["failure.ts"]);
  });
});

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));

describe("render pool under tsx", () => {
  it("starts its worker and returns a PNG when the app runs through tsx", async () => {
    const tsx = `${root}node_modules/.bin/tsx`;
    const { stdout } = await run(tsx, ["test/render/pool-under-tsx.ts"], {
      cwd: root,
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^png \d{4,} PNG$/m);
  });
});

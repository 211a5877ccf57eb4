/** The prompt's own words (tz, home, quit), and what it does when a file cannot be written. */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandRunner, RequestContext } from "../../src/app/context.ts";
import { runShell } from "../../src/chat/shell/shell.ts";

let dir: string;
const seen: RequestContext[] = [];
const runner: CommandRunner = {
  async run(text, ctx) {
    seen.push(ctx);
    const files = text.startsWith("file")
      ? [
          {
            filename: "../../escape.csv",
            title: "t",
            mimeType: "text/csv" as const,
            data: new TextEncoder().encode("a,b\r\n"),
          },
        ]
      : [];
    return { visibility: "channel", text: `ran ${text}`, blocks: [], files };
  },
  async home() {
    return [{ kind: "header", text: "Home view" }];
  },
};

async function session(lines: string, outDir: string): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = "";
  output.on("data", (d: Buffer) => {
    out += d.toString();
  });
  input.end(lines);
  await runShell({ runner, input, output, interactive: false, tz: "UTC", outDir, now: () => 0 });
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "omsbot-shell-unit-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("runShell", () => {
  it("switches timezone only to a real one, in its canonical spelling", async () => {
    seen.length = 0;
    const out = await session("tz Mars/Olympus\nlist\ntz europe/berlin\nlist\ntz\n", dir);
    expect(out).toContain("`Mars/Olympus` is not an IANA timezone. Try `tz Asia/Shanghai`");
    expect(out).toContain("Times are now shown in Europe/Berlin.");
    expect(seen.map((c) => c.tz)).toEqual(["UTC", "Europe/Berlin"]);
    expect(out).toContain("Times are shown in Europe/Berlin.");
  });

  it("shows home, skips comments and blank lines, and stops at quit", async () => {
    seen.length = 0;
    const out = await session("# a comment\n\nhome\nquit\nlist\n", dir);
    expect(out).toContain("HOME VIEW");
    expect(out).not.toContain("ran list");
    expect(seen).toHaveLength(0);
  });

  it("writes files under the out folder only, by their base name", async () => {
    const out = await session("file\n", join(dir, "out"));
    expect(out).toContain(`wrote ${join(dir, "out", "escape.csv")}`);
    expect(await readFile(join(dir, "out", "escape.csv"), "utf8")).toBe("a,b\r\n");
  });

  it("says when a file cannot be written and goes on with the next command", async () => {
    const blocker = join(dir, "not-a-folder");
    await writeFile(blocker, "x");
    const out = await session("file\nlist\n", blocker);
    expect(out).toMatch(/could not write .*escape\.csv: /);
    expect(out).toContain("ran list");
  });
});

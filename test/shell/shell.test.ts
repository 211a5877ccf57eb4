/** The prompt's own words (tz, home, quit), and how it writes files under out/. */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandRunner, RequestContext } from "../../src/app/context.ts";
import { numberedName } from "../../src/chat/shell/out-files.ts";
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
            // `file x` writes "a,b\r\nx", so tests can tell which command wrote which file.
            data: new TextEncoder().encode(`a,b\r\n${text.slice(5)}`),
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

  it("quits only on `quit` or `exit` alone, and says so when given more", async () => {
    seen.length = 0;
    const out = await session("quit now\nexit please\nquitter\nlist\nQUIT\nlist\n", dir);
    expect(out).toContain("`quit` takes no arguments; type `quit` to leave.");
    expect(out).toContain("`exit` takes no arguments; type `exit` to leave.");
    // Not a shell word: the command language answers it.
    expect(out).toContain("ran quitter");
    expect(seen.map((c) => c.source)).toEqual(["shell", "shell"]);
    expect(out.match(/ran list/g)).toHaveLength(1);
  });

  it("never overwrites a file: the same name again gets -2, -3", async () => {
    const out = join(dir, "numbered");
    await session("file one\n", out);
    const before = await readFile(join(out, "escape.csv"), "utf8");
    const log = await session("file two\nfile three\n", out);
    expect(before).toBe("a,b\r\none");
    expect(await readFile(join(out, "escape.csv"), "utf8")).toBe("a,b\r\none");
    expect(await readFile(join(out, "escape-2.csv"), "utf8")).toBe("a,b\r\ntwo");
    expect(await readFile(join(out, "escape-3.csv"), "utf8")).toBe("a,b\r\nthree");
    expect(log).toContain(`wrote ${join(out, "escape-3.csv")}`);
  });

  it("keeps both files when two sessions write the same name at once", async () => {
    const out = join(dir, "race");
    await Promise.all(["file a\n", "file b\n", "file c\n"].map((l) => session(l, out)));
    const names = (await readdir(out)).sort();
    expect(names).toEqual(["escape-2.csv", "escape-3.csv", "escape.csv"]);
    const bodies = await Promise.all(names.map((n) => readFile(join(out, n), "utf8")));
    expect(bodies.sort()).toEqual(["a,b\r\na", "a,b\r\nb", "a,b\r\nc"]);
  });
});

describe("numberedName", () => {
  it("puts the number before the extension, or at the end without one", () => {
    expect(numberedName("nightly_2026-11-22_1400.png", 1)).toBe("nightly_2026-11-22_1400.png");
    expect(numberedName("nightly_2026-11-22_1400.png", 2)).toBe("nightly_2026-11-22_1400-2.png");
    expect(numberedName("README", 3)).toBe("README-3");
    expect(numberedName(".hidden", 2)).toBe(".hidden-2");
  });
});

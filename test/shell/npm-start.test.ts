/**
 * What a newcomer does: `echo "…" | npm start` with no settings. Runs the real entry point in a
 * child process (tsx, as `npm start` does) in a scratch folder, with stdin piped.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG_HEIGHT, PNG_WIDTH } from "../../src/render/constants.ts";
import { spawnMain } from "../support/spawn-main.ts";

let cwd: string;

function runStart(
  input: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawnMain({ cwd, env: { TZ: "UTC", ...env }, stdin: "pipe" });
    let out = "";
    let err = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, out, err });
    });
    child.stdin?.end(input);
  });
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "omsbot-shell-"));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe("npm start with piped stdin and no settings", () => {
  it("answers help, list, task and stats on the simulator, writes the PNG, and exits at end of input", async () => {
    const { code, out, err } = await runStart(
      "help\nlist\ntask nightly-backup\nstats nightly-backup last 24h\nstats nosuchtask\nfrobnicate\n",
    );
    expect(code).toBe(0);
    expect(err).toContain("built-in simulator");
    expect(out).toContain("oms> help");
    expect(out).toContain("stats <task>");
    expect(out).toMatch(/SYNC TASKS \(6\)/);
    expect(out).toContain("SIZE_LAST_MODIFIED_COMPARISON_OVERWRITE");
    expect(out).toMatch(/nightly-backup · last 24h · .*requested/);
    expect(out).toContain("I can't find a task `nosuchtask`");
    expect(out).toContain("I don't understand `frobnicate`");
    // No ANSI colour codes when stdout is not a terminal.
    expect(out).not.toContain("\u001b[");
    const written = out.match(/wrote (\S+\.png) \(image\/png, (\d+) bytes\)/);
    expect(written).not.toBeNull();
    const files = await readdir(join(cwd, "out"));
    expect(files.filter((f) => f.endsWith(".png"))).toHaveLength(1);
    const png = PNG.sync.read(await readFile(written?.[1] ?? ""));
    expect([png.width, png.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
  });

  it("stops at once with every configuration problem listed", async () => {
    const { code, err } = await runStart("help\n", {
      OMS_REGION: "cn-north-4",
      DEFAULT_TZ: "Nowhere/Land",
    });
    expect(code).toBe(2);
    expect(err).toContain("OMS_PROJECT_ID is required when OMS_REGION is set");
    expect(err).toContain("DEFAULT_TZ must be an IANA timezone");
  });

  it("shows the whole alert loop without Slack: a rule fires on the failing demo task, with its chart", async () => {
    const { code, out } = await runStart(
      "alert add media-sync failures > 50 in 15m\nalert list\ndigest add at 09:00 Europe/Berlin\ndigest list\n",
    );
    expect(code).toBe(0);
    expect(out).toContain("Alert added");
    // The rule is evaluated as soon as it is added: media-sync is failing right now.
    expect(out).toMatch(/── #shell · message \S+\n.*FIRING.*media-sync/);
    expect(out).toMatch(/last 2 hours for the thread of \S+: wrote \S+alert-\S+\.png/);
    expect(out).toContain("Digest added");
    expect(out).toMatch(/daily at 09:00 Europe\/Berlin in #shell: all tasks/);
    const files = await readdir(join(cwd, "out"));
    expect(files.some((f) => f.startsWith("alert-") && f.endsWith(".png"))).toBe(true);
  });

  it("shows CDN export tasks and SenseCore ADS tasks beside the OMS tasks, on the simulator", async () => {
    const { code, out } = await runStart("list\nexports\ntask imagenet-train-sync\n");
    expect(code).toBe(0);
    expect(out).toMatch(/SYNC TASKS \(6\)/);
    expect(out).toMatch(/SENSECORE ADS TASKS \(\d+\)/);
    expect(out).toContain("imagenet-train-sync");
    expect(out).toMatch(/CDN EXPORT TASKS \(\d+\)/);
    expect(out).toMatch(/traffic-monthly — ✓ success .* download https:\/\//);
    expect(out).toContain("SenseCore ADS");
  });
});

/** DESIGN "The one rule": core/ is pure. Checked on the source, so a new file is covered at once. */
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const CORE = resolve(import.meta.dirname, "../src/core");

const FORBIDDEN_IMPORTS = [
  /^\.\.\/(clients|chat|store|render|app|schedule|simulator)\//,
  /^@slack\//,
  /^(node:)?(fs|fs\/promises|http|https|net|child_process|worker_threads|dgram|os)$/,
  /^(undici|pino|ioredis|redis|vega|vega-lite|@resvg\/resvg-js|node-cron)$/,
];
/** Reading the clock or the environment inside core/ would hide an input. */
const FORBIDDEN_CALLS = [/\bDate\.now\(/, /\bnew Date\(\)/, /\bprocess\.env\b/, /\bMath\.random\(/];

async function coreFiles(): Promise<string[]> {
  const entries = await readdir(CORE, { recursive: true });
  return entries.filter((f) => f.endsWith(".ts")).map((f) => join(CORE, f));
}

describe("core/ stays pure", () => {
  it("has files to check", async () => {
    expect((await coreFiles()).length).toBeGreaterThan(10);
  });

  it("imports nothing with I/O, no Slack, no clients, store or render", async () => {
    const offenders: string[] = [];
    for (const file of await coreFiles()) {
      const src = await readFile(file, "utf8");
      for (const m of src.matchAll(
        /(?:import|export)[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
      )) {
        const spec = m[1] ?? m[2] ?? "";
        if (FORBIDDEN_IMPORTS.some((re) => re.test(spec))) offenders.push(`${file}: ${spec}`);
      }
      for (const re of FORBIDDEN_CALLS) if (re.test(src)) offenders.push(`${file}: ${re.source}`);
    }
    expect(offenders).toEqual([]);
  });

  it("the checker itself catches a forbidden import", () => {
    expect(FORBIDDEN_IMPORTS.some((re) => re.test("../clients/oms/client.ts"))).toBe(true);
    expect(FORBIDDEN_IMPORTS.some((re) => re.test("@slack/bolt"))).toBe(true);
    expect(FORBIDDEN_IMPORTS.some((re) => re.test("node:fs"))).toBe(true);
    expect(FORBIDDEN_IMPORTS.some((re) => re.test("./domain.ts"))).toBe(false);
  });
});

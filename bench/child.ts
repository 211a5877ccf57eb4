/**
 * Runs a bench script in a process of its own and returns the JSON it prints last: RSS is a
 * property of a process, so memory targets (no growth, the bot's peak) are measured without
 * the rest of the bench's garbage and workers in the same process.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export async function runChild<T>(script: string, args: string[] = []): Promise<T> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", "--expose-gc", file, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    // Memory as the bot runs in production (the Dockerfile, `npm run start:dist`).
    env: { ...process.env, MALLOC_ARENA_MAX: "2" },
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const last = out.trim().split("\n").at(-1) ?? "";
  if (code !== 0) throw new Error(`${script} exited ${code}: ${last}`);
  return JSON.parse(last) as T;
}

/** The child's own peak RSS, MB (workers are threads, so they are in it). */
export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20);
}

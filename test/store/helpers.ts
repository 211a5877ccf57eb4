/** Shared by the file store tests: scratch folders, a logger that keeps its lines, child processes. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import { afterEach } from "vitest";
import { cleanEnv, TSX_LOADER } from "../support/spawn-main.ts";

const CHILD = join(import.meta.dirname, "fixtures/store-child.ts");

/** A fresh folder per call, removed after the test. */
export function scratchDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), "omsbot-store-"));
    made.push(dir);
    return dir;
  };
}

export function captureLogger(): { logger: Logger; lines: () => string[] } {
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (s: string) => void lines.push(s) });
  return { logger, lines: () => lines };
}

export const silent: Logger = pino({ level: "silent" });

export interface StoreChild {
  proc: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves once the child has the store open. */
  opened: Promise<void>;
  exited: Promise<void>;
}

export function spawnStoreChild(mode: "hold" | "write", dir: string): StoreChild {
  const proc = spawn(process.execPath, ["--import", TSX_LOADER, CHILD, mode, dir], {
    env: cleanEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let stderr = "";
  let partial = "";
  let markOpen: () => void = () => undefined;
  let failOpen: (e: Error) => void = () => undefined;
  const opened = new Promise<void>((resolve, reject) => {
    markOpen = resolve;
    failOpen = reject;
  });
  proc.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      if (line.startsWith("open ")) markOpen();
    }
  });
  proc.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => {
    proc.on("close", () => {
      failOpen(new Error(`store child exited before opening: ${stderr}`));
      resolve();
    });
  });
  return { proc, lines, opened, exited };
}

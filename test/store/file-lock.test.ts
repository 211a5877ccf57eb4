import { spawnSync } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isOmsbotError, type OmsbotError } from "../../src/errors.ts";
import { openFileStore } from "../../src/store/file-store.ts";
import { health } from "./contract.ts";
import { captureLogger, scratchDirs, silent, spawnStoreChild } from "./helpers.ts";

const newDir = scratchDirs();

async function refusal(p: Promise<unknown>): Promise<OmsbotError> {
  try {
    await p;
  } catch (e) {
    if (isOmsbotError(e)) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

/** The pid of a process that has exited (pids are not reused that fast). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(r.stdout.toString());
}

const lockOf = (pid: number, host = hostname(), token = "t-1") =>
  `${JSON.stringify({ pid, hostname: host, startedAt: "2026-01-01T00:00:00.000Z", token })}\n`;

describe("file store lock", () => {
  it("holds state.lock naming this process, and removes it at close", async () => {
    const dir = await newDir();
    const s = await openFileStore({ dir, logger: silent, now: () => Date.UTC(2026, 4, 1) });
    const lock = JSON.parse(await readFile(join(dir, "state.lock"), "utf8"));
    expect(lock).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
      startedAt: "2026-05-01T00:00:00.000Z",
    });
    await s.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses a second store on the same folder in this process", async () => {
    const dir = await newDir();
    const first = await openFileStore({ dir, logger: silent });
    const e = await refusal(openFileStore({ dir, logger: silent }));
    expect(e.code).toBe("STATE_LOCKED");
    expect(e.userMessage).toContain("already open in this process");
    expect(e.userMessage).toContain(`pid ${process.pid}`);
    await first.put("health", health("a"));
    await first.close();
    const again = await openFileStore({ dir, logger: silent });
    expect(await again.get("health", "a")).toEqual(health("a"));
    await again.close();
  });

  it("refuses a folder another live process holds, naming it; takes it over once it is killed", async () => {
    const dir = await newDir();
    const child = spawnStoreChild("hold", dir);
    try {
      await child.opened;
      const pid = child.proc.pid;
      const e = await refusal(openFileStore({ dir, logger: silent }));
      expect(e.code).toBe("STATE_LOCKED");
      expect(e.userMessage).toContain(`in use by another omsbot (pid ${pid} on host ${hostname()}`);
      expect(e.userMessage).toContain(join(dir, "state.lock"));
      child.proc.kill("SIGKILL");
      await child.exited;
      const { logger, lines } = captureLogger();
      const s = await openFileStore({ dir, logger });
      expect(lines().join("")).toContain("took over a lock left by a process that is gone");
      expect(lines().join("")).toContain(`"stalePid":${pid}`);
      await s.close();
    } finally {
      child.proc.kill("SIGKILL");
      await child.exited;
    }
  });

  it("takes over a lock left by a dead pid, and one with its own pid from an earlier run", async () => {
    for (const pid of [deadPid(), process.pid]) {
      const dir = await newDir();
      await writeFile(join(dir, "state.lock"), lockOf(pid));
      const { logger, lines } = captureLogger();
      const s = await openFileStore({ dir, logger });
      expect(lines().join("")).toContain("took over a lock");
      const lock = JSON.parse(await readFile(join(dir, "state.lock"), "utf8"));
      expect(lock.token).not.toBe("t-1");
      await s.close();
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it("two stores racing for one stale lock: exactly one wins", async () => {
    const dir = await newDir();
    await writeFile(join(dir, "state.lock"), lockOf(deadPid()));
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => openFileStore({ dir, logger: silent })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as OmsbotError).code).toBe("STATE_LOCKED");
      else await r.value.close();
    }
  });

  it("refuses a lock from another host, saying how to clear it", async () => {
    const dir = await newDir();
    const path = join(dir, "state.lock");
    await writeFile(path, lockOf(12345, "elsewhere-7"));
    const e = await refusal(openFileStore({ dir, logger: silent }));
    expect(e.code).toBe("STATE_LOCKED");
    expect(e.userMessage).toContain("pid 12345 on host elsewhere-7");
    expect(e.userMessage).toContain(`if it is no longer running, delete ${path}`);
    expect(await readFile(path, "utf8")).toBe(lockOf(12345, "elsewhere-7"));
  });

  it("refuses an unreadable lock rather than guessing", async () => {
    const dir = await newDir();
    const path = join(dir, "state.lock");
    await writeFile(path, "");
    const e = await refusal(openFileStore({ dir, logger: silent }));
    expect(e.code).toBe("STATE_LOCKED");
    expect(e.userMessage).toContain(`the lock file ${path} cannot be read`);
  });
});

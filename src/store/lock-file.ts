/**
 * One writer per state folder: a lock file created exclusively, naming its holder.
 *
 * A lock whose holder is gone (same host, pid not alive) is taken over. Two processes may find the
 * same stale lock at once; removing it is guarded by a marker file named after a hash of the stale
 * lock's content, created exclusively, so only one of them removes that exact lock, and it checks
 * the content again first. Everyone then competes for the lock through the same exclusive create.
 */
import { createHash, randomUUID } from "node:crypto";
import { open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import type { Logger } from "pino";
import { OmsbotError } from "../errors.ts";

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  token: string;
}

export interface HeldLock {
  readonly path: string;
  readonly info: LockInfo;
  release(): Promise<void>;
}

/** Tokens of the locks this process holds: a lock naming our own pid is ours only if listed. */
const heldHere = new Set<string>();

const ATTEMPTS = 20;
const RETRY_MS = 25;
/** A lock read empty or half-written may be being written right now by its creator. */
const UNREADABLE_RETRIES = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Found = { raw: string; info: LockInfo } | "gone" | "unreadable";

export async function acquireLock(
  path: string,
  opts: { logger: Logger; now: () => number },
): Promise<HeldLock> {
  const info: LockInfo = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date(opts.now()).toISOString(),
    token: randomUUID(),
  };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // Listed before the file can be read: a contender in this process that reads our fresh lock
    // must see it as held here, not as a stale one to take over (our pid, unknown token).
    heldHere.add(info.token);
    if (await tryCreate(path, `${JSON.stringify(info)}\n`)) {
      return { path, info, release: () => release(path, info, opts.logger) };
    }
    heldHere.delete(info.token);
    const found = await readLock(path);
    if (found === "gone") continue;
    if (found === "unreadable") {
      throw locked(
        `the lock file ${path} cannot be read (a crash while it was being written?)`,
        `if no omsbot is using this folder, delete ${path} and start again`,
      );
    }
    const holder = found.info;
    const since = `pid ${holder.pid} on host ${holder.hostname}, since ${holder.startedAt}`;
    const verdict = judge(holder);
    if (verdict === "here") {
      throw locked(`the state folder is already open in this process (${since})`, "close it first");
    }
    if (verdict === "alive") {
      throw locked(
        `the state folder is in use by another omsbot (${since}, lock file ${path})`,
        "stop that one first: only one omsbot may write its state",
      );
    }
    if (verdict === "other-host") {
      throw locked(
        `the state folder is in use by an omsbot on another host (${since}, lock file ${path})`,
        `stop that one first; if it is no longer running, delete ${path}`,
      );
    }
    const marker = `${path}.takeover-${createHash("sha256").update(found.raw).digest("hex").slice(0, 16)}`;
    if (!(await tryCreate(marker, `${JSON.stringify(info)}\n`))) {
      await sleep(RETRY_MS);
      continue;
    }
    try {
      // Re-read under the marker: if the lock changed, someone else already took it over.
      const again = await readFile(path, "utf8").catch(() => undefined);
      if (again === found.raw) {
        await unlink(path);
        opts.logger.warn(
          { lock: path, stalePid: holder.pid, staleSince: holder.startedAt },
          "state store: took over a lock left by a process that is gone",
        );
      }
    } finally {
      await unlink(marker).catch(() => undefined);
    }
  }
  throw locked(
    `could not take the lock ${path} (still contended after ${ATTEMPTS} attempts)`,
    `if no omsbot is using this folder, delete ${path} and any ${path}.takeover-* file`,
  );
}

function locked(problem: string, advice: string): OmsbotError {
  return new OmsbotError(
    "STATE_LOCKED",
    `omsbot cannot open its state: ${problem}. To fix: ${advice}.`,
    {
      detail: problem,
    },
  );
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw locked(
      `the lock file ${path} cannot be created (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      "check that the state folder exists and is writable",
    );
  }
  try {
    await fh.writeFile(content, "utf8");
    await fh.sync();
    await fh.close();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw e;
  }
  return true;
}

async function readLock(path: string): Promise<Found> {
  for (let i = 0; i < UNREADABLE_RETRIES; i++) {
    let raw: string;
    try {
      raw = await readFile(path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return "gone";
      throw e;
    }
    const info = parseLockInfo(raw);
    if (info !== undefined) return { raw, info };
    await sleep(RETRY_MS);
  }
  return "unreadable";
}

function parseLockInfo(raw: string): LockInfo | undefined {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo> | null;
    if (
      v !== null &&
      typeof v === "object" &&
      Number.isInteger(v.pid) &&
      (v.pid ?? 0) > 0 &&
      typeof v.hostname === "string" &&
      typeof v.startedAt === "string" &&
      typeof v.token === "string"
    ) {
      return v as LockInfo;
    }
  } catch {
    // fall through: half-written or not ours
  }
  return undefined;
}

function judge(holder: LockInfo): "here" | "alive" | "other-host" | "stale" {
  // Another host's pids mean nothing here: only its operator can say it is gone.
  if (holder.hostname !== hostname()) return "other-host";
  if (holder.pid === process.pid) {
    // Our pid but not our token: a previous run that had the same pid (pid 1 in a container).
    return heldHere.has(holder.token) ? "here" : "stale";
  }
  try {
    process.kill(holder.pid, 0);
    return "alive";
  } catch (e) {
    // EPERM: it exists, it just is not ours to signal.
    return (e as NodeJS.ErrnoException).code === "ESRCH" ? "stale" : "alive";
  }
}

async function release(path: string, info: LockInfo, logger: Logger): Promise<void> {
  heldHere.delete(info.token);
  const raw = await readFile(path, "utf8").catch(() => undefined);
  if (raw === undefined || parseLockInfo(raw)?.token !== info.token) {
    // Someone removed or replaced it (by hand?): theirs now, not ours to delete.
    logger.warn({ lock: path }, "state store: the lock file was not ours any more at close");
    return;
  }
  await unlink(path);
}

/**
 * The default StateStore: one JSON file in a folder, written atomically, one writer at a time
 * (a lock file), every change durable before its promise resolves. See README.md.
 */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Logger } from "pino";
import { OmsbotError } from "../errors.ts";
import { BatchingStore } from "./batching-store.ts";
import { acquireLock, type HeldLock } from "./lock-file.ts";
import { checkLedgerMax, type StateData } from "./state-data.ts";
import {
  readStateFile,
  removeLeftoverTemps,
  serializeState,
  writeStateFile,
} from "./state-file.ts";

export const STATE_FILE_NAME = "state.json";
export const LOCK_FILE_NAME = "state.lock";

export interface FileStoreOptions {
  /** The state folder (`STATE_DIR`); created if missing. */
  dir: string;
  logger: Logger;
  /** Clock for the lock's start time and the file's `savedAt`; default Date.now. */
  now?: () => number;
  /** Cap on ledger entries; the earliest claims go first. Default 100,000. */
  ledgerMaxEntries?: number;
}

export class FileStateStore extends BatchingStore {
  /** Absolute path of the state file. */
  readonly path: string;

  private constructor(
    path: string,
    initial: StateData,
    maxLedgerEntries: number,
    private readonly lock: HeldLock,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    super(initial, maxLedgerEntries);
    this.path = path;
  }

  /**
   * Takes the folder's lock, removes temp files a crash left, reads the state. Throws
   * STATE_LOCKED when another live process holds the folder, CONFIG_INVALID for a file it cannot
   * trust (which it never touches).
   */
  static async open(opts: FileStoreOptions): Promise<FileStateStore> {
    const dir = resolve(opts.dir);
    const now = opts.now ?? Date.now;
    const maxLedgerEntries = checkLedgerMax(opts.ledgerMaxEntries);
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      throw new OmsbotError(
        "CONFIG_INVALID",
        `The state folder ${dir} cannot be created (${code}). Set STATE_DIR to a writable folder.`,
        { detail: `mkdir ${dir}: ${code}`, cause: e },
      );
    }
    const path = join(dir, STATE_FILE_NAME);
    const lock = await acquireLock(join(dir, LOCK_FILE_NAME), { logger: opts.logger, now });
    try {
      await removeLeftoverTemps(path, opts.logger);
      const initial = await readStateFile(path);
      opts.logger.info(
        { file: path, ledger: initial.ledger.size },
        "state store: opened the state file",
      );
      return new FileStateStore(path, initial, maxLedgerEntries, lock, opts.logger, now);
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  protected async persist(data: StateData): Promise<void> {
    try {
      await writeStateFile(this.path, serializeState(data, new Date(this.now()).toISOString()));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      this.logger.error({ err: e, file: this.path }, "state store: write failed");
      throw new OmsbotError(
        "INTERNAL",
        "The bot could not save its state; nothing was changed. It has been logged.",
        { detail: `writing ${this.path}: ${code}`, cause: e },
      );
    }
  }

  protected async release(): Promise<void> {
    await this.lock.release();
  }
}

export function openFileStore(opts: FileStoreOptions): Promise<FileStateStore> {
  return FileStateStore.open(opts);
}

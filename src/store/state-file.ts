/**
 * The state file: its format, how it is read (refusing anything it cannot fully trust) and how it
 * is written (atomically: a crash leaves the old file or the new one, never a mix).
 */
import { randomBytes } from "node:crypto";
import { open, readdir, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Logger } from "pino";
import { z } from "zod";
import { OmsbotError } from "../errors.ts";
import { type Entity, emptyState, type LedgerEntry, type StateData } from "./state-data.ts";

export const STATE_FORMAT = "omsbot-state";
export const STATE_VERSION = 1;

const LedgerEntrySchema = z.object({ at: z.number(), ref: z.string().optional() });
const EntitySchema = z.looseObject({ id: z.string().min(1) });
const CollectionSchema = z.record(z.string(), EntitySchema).superRefine((values, ctx) => {
  for (const [key, value] of Object.entries(values)) {
    if (value.id !== key) {
      ctx.addIssue({ code: "custom", path: [key, "id"], message: `must equal its key "${key}"` });
    }
  }
});
const StateFileSchema = z.object({
  format: z.literal(STATE_FORMAT),
  version: z.literal(STATE_VERSION),
  savedAt: z.string().optional(),
  collections: z.record(z.string(), CollectionSchema),
  ledger: z.record(z.string(), LedgerEntrySchema),
});

const ADVICE =
  "omsbot never overwrites it. Move it away to start with empty state, or restore a backup, then start again";

function refuse(path: string, problem: string, cause?: unknown): OmsbotError {
  return new OmsbotError("CONFIG_INVALID", `The state file ${path} ${problem}. ${ADVICE}.`, {
    detail: `state file ${path}: ${problem}`,
    cause,
  });
}

/** Reads the state file; a missing file is empty state. Throws CONFIG_INVALID for anything else. */
export async function readStateFile(path: string): Promise<StateData> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw refuse(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, e);
  }
  return parseStateText(path, text);
}

export function parseStateText(path: string, text: string): StateData {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw refuse(path, `is not valid JSON (${(e as Error).message})`, e);
  }
  const envelope = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  if (envelope.format !== STATE_FORMAT) {
    throw refuse(path, `is not an omsbot state file (it has no "format": "${STATE_FORMAT}")`);
  }
  const version = envelope.version;
  if (typeof version === "number" && version > STATE_VERSION) {
    throw refuse(
      path,
      `was written by a newer omsbot (format version ${version}; this version reads ${STATE_VERSION}): run the newer omsbot`,
    );
  }
  const parsed = StateFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join(".") || "(top)"}: ${i.message}`);
    throw refuse(path, `does not match the state format (${issues.join("; ")})`);
  }
  const data = emptyState();
  for (const [name, values] of Object.entries(parsed.data.collections)) {
    data.collections.set(name, new Map(Object.entries(values as Record<string, Entity>)));
  }
  // JSON objects do not keep claim order reliably (integer-like keys move), so rebuild it by time.
  const entries = Object.entries(parsed.data.ledger).sort(([, a], [, b]) => a.at - b.at);
  for (const [key, e] of entries) {
    data.ledger.set(key, e.ref === undefined ? { at: e.at } : { at: e.at, ref: e.ref });
  }
  return data;
}

export function serializeState(data: StateData, savedAt: string): string {
  const collections: Record<string, Record<string, Entity>> = {};
  for (const name of [...data.collections.keys()].sort()) {
    const values = [...(data.collections.get(name)?.values() ?? [])];
    values.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    collections[name] = Object.fromEntries(values.map((v) => [v.id, v]));
  }
  const ledger: Record<string, LedgerEntry> = Object.fromEntries(data.ledger);
  const doc = { format: STATE_FORMAT, version: STATE_VERSION, savedAt, collections, ledger };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** `<file>.<pid>-<random>.tmp`, beside the file: a rename is only atomic within one filesystem. */
function tempPathFor(path: string): string {
  return `${path}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`;
}

function isTempOf(fileName: string, candidate: string): boolean {
  return candidate.startsWith(`${fileName}.`) && candidate.endsWith(".tmp");
}

/**
 * Temp file, fsync, rename over the file, fsync the folder. The folder fsync is what makes the
 * rename itself survive a power cut; without it the old file can come back.
 */
export async function writeStateFile(path: string, text: string): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    const fh = await open(tmp, "wx");
    try {
      await fh.writeFile(text, "utf8");
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await syncFolder(dirname(path));
}

export async function syncFolder(dir: string): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(dir, "r");
    await fh.sync();
  } catch (e) {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
    if (process.platform !== "win32") throw e;
  } finally {
    await fh?.close();
  }
}

/**
 * Removes temp files a crash left behind. Only safe while holding the lock: another writer's
 * temp file would otherwise be deleted under it.
 */
export async function removeLeftoverTemps(path: string, logger: Logger): Promise<void> {
  const dir = dirname(path);
  const fileName = basename(path);
  for (const name of await readdir(dir)) {
    if (!isTempOf(fileName, name)) continue;
    await unlink(join(dir, name)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
    logger.info({ file: join(dir, name) }, "state store: removed a temp file left by a crash");
  }
}

import { mkdir, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";

/**
 * Past this many files of one name the folder is more likely a loop gone wrong than a person
 * charting one task; the write is refused rather than trying names forever.
 */
const MAX_NUMBER = 1000;

/** `name` for the first file, `stem-n.ext` for the n-th (a dotfile's dot is not an extension). */
export function numberedName(name: string, n: number): string {
  if (n <= 1) return name;
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)}-${n}${ext}`;
}

function isExists(e: unknown): boolean {
  return e instanceof Error && "code" in e && e.code === "EEXIST";
}

/**
 * Writes `data` under `dir` by the base name of `filename` (a reply cannot place a file outside
 * `dir`), never over an existing file: two charts of one task in one minute get the same name
 * from the app, so the next free `-2`, `-3`… is taken. The `wx` flag makes "is it free?" and
 * "create it" one step, so another session writing the same name at once cannot be overwritten.
 * Returns the path written.
 */
export async function writeUniqueFile(
  dir: string,
  filename: string,
  data: Uint8Array,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = basename(filename);
  for (let n = 1; n <= MAX_NUMBER; n++) {
    const path = join(dir, numberedName(name, n));
    try {
      await writeFile(path, data, { flag: "wx" });
      return path;
    } catch (e) {
      if (!isExists(e)) throw e;
    }
  }
  throw new Error(`${MAX_NUMBER} files named like ${name} already exist in ${dir}`);
}

/**
 * SIGKILL mid-write: a child writes a bigger state in a tight loop and is killed at random
 * moments. After each kill the file must open and hold one complete written state, including
 * every write the child saw resolve (and at most the one in flight besides).
 */
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { openFileStore } from "../../src/store/file-store.ts";
import { scratchDirs, silent, spawnStoreChild } from "./helpers.ts";

const newDir = scratchDirs();

const ROUNDS = 10;
const recordId = (i: number): string => `h${String(i).padStart(6, "0")}`;
const padding = (i: number): string => `${"x".repeat(200)}-${i}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("file store under SIGKILL", () => {
  it("always reopens to a complete state with every resolved write", async () => {
    const dir = await newDir();
    let count = 0;
    let sawWritesAfterStart = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const child = spawnStoreChild("write", dir);
      try {
        await child.opened;
        await sleep(20 + Math.floor(Math.random() * 180));
      } finally {
        child.proc.kill("SIGKILL");
        await child.exited;
      }
      const durable = child.lines.filter((l) => /^\d+$/.test(l)).map(Number);
      const lastResolved = durable.at(-1) ?? count;
      if (durable.length > 0) sawWritesAfterStart++;

      const store = await openFileStore({ dir, logger: silent });
      try {
        const records = await store.list("health");
        expect(records.length === lastResolved || records.length === lastResolved + 1).toBe(true);
        records.forEach((r, k) => {
          const i = k + 1;
          expect(r).toEqual({ id: recordId(i), ruleId: padding(i), failuresInARow: i });
        });
        count = records.length;
        expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      } finally {
        await store.close();
      }
    }
    // Not a timing assertion: only that the kills did land while writes were going on.
    expect(sawWritesAfterStart).toBeGreaterThan(0);
    expect(count).toBeGreaterThan(0);
  });
});

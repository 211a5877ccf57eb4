import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isOmsbotError, type OmsbotError } from "../../src/errors.ts";
import { FileStateStore, openFileStore } from "../../src/store/file-store.ts";
import { openState, openStateStore } from "../../src/store/open-store.ts";
import { LocalRunClaims } from "../../src/store/run-claims.ts";
import { describeStateStoreContract, health } from "./contract.ts";
import { captureLogger, scratchDirs, silent } from "./helpers.ts";

const newDir = scratchDirs();

describeStateStoreContract("file", async (opts) =>
  openFileStore({ dir: await newDir(), logger: silent, ...opts }),
);

async function refusal(p: Promise<unknown>): Promise<OmsbotError> {
  try {
    await p;
  } catch (e) {
    if (isOmsbotError(e)) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("file store", () => {
  it("keeps its state across close and reopen, in the documented format", async () => {
    const dir = await newDir();
    const s1 = await openFileStore({ dir, logger: silent, now: () => Date.UTC(2026, 0, 2) });
    await s1.put("health", health("a", 1));
    await s1.put("rules", {
      id: "r1",
      target: { all: false, taskId: "t1", taskName: "nightly" },
      condition: { kind: "failures", threshold: 10, windowMs: 3_600_000 },
      channelId: "C1",
      repeatMs: 3_600_000,
      createdBy: "U1",
      createdAt: 1,
    });
    await s1.claim("k1", 1000, "ts-1");
    await s1.claim("7", 2000);
    await s1.claim("k0", 3000);
    await s1.close();
    expect(await readdir(dir)).toEqual(["state.json"]);

    const doc = JSON.parse(await readFile(join(dir, "state.json"), "utf8"));
    expect(doc).toMatchObject({
      format: "omsbot-state",
      version: 1,
      savedAt: "2026-01-02T00:00:00.000Z",
      collections: { health: { a: health("a", 1) } },
      ledger: { k1: { at: 1000, ref: "ts-1" } },
    });

    const s2 = await openFileStore({ dir, logger: silent, ledgerMaxEntries: 3 });
    expect(await s2.list("health")).toEqual([health("a", 1)]);
    expect((await s2.get("rules", "r1"))?.condition).toEqual({
      kind: "failures",
      threshold: 10,
      windowMs: 3_600_000,
    });
    expect(await s2.claimed("k1")).toEqual({ at: 1000, ref: "ts-1" });
    // Claim order survives the file (an integer-like key would otherwise jump ahead).
    await s2.claim("k3", 4000);
    expect(await s2.claimed("k1")).toBeUndefined();
    expect(await s2.claimed("7")).toEqual({ at: 2000 });
    expect(await s2.claimed("k0")).toEqual({ at: 3000 });
    await s2.close();
  });

  it("creates a missing folder and starts empty", async () => {
    const dir = join(await newDir(), "nested", "data");
    const s = await openFileStore({ dir, logger: silent });
    expect(await s.list("rules")).toEqual([]);
    expect(s.path).toBe(join(dir, "state.json"));
    await s.close();
  });

  const bad: [string, string, RegExp][] = [
    ["broken JSON", '{"format": "omsbot-state", "vers', /is not valid JSON/],
    ["an empty file", "", /is not valid JSON/],
    ["a foreign JSON file", '{"hello": "world"}\n', /is not an omsbot state file/],
    ["a JSON array", "[1, 2]", /is not an omsbot state file/],
    [
      "a newer version",
      '{"format": "omsbot-state", "version": 2, "collections": {}, "ledger": {}, "more": 1}',
      /newer omsbot \(format version 2/,
    ],
    [
      "a value whose id is not its key",
      '{"format": "omsbot-state", "version": 1, "collections": {"rules": {"a": {"id": "b"}}}, "ledger": {}}',
      /does not match the state format \(collections\.rules\.a\.id/,
    ],
    [
      "a bad ledger entry",
      '{"format": "omsbot-state", "version": 1, "collections": {}, "ledger": {"k": {"at": "x"}}}',
      /does not match the state format \(ledger\.k\.at/,
    ],
  ];
  for (const [what, content, problem] of bad) {
    it(`refuses ${what}, names the file, and leaves it untouched`, async () => {
      const dir = await newDir();
      const path = join(dir, "state.json");
      await writeFile(path, content);
      const e = await refusal(openFileStore({ dir, logger: silent }));
      expect(e.code).toBe("CONFIG_INVALID");
      expect(e.userMessage).toContain(path);
      expect(e.userMessage).toMatch(problem);
      expect(e.userMessage).toMatch(/move it away to start with empty state, or restore a backup/i);
      expect(await readFile(path, "utf8")).toBe(content);
      // The lock was given back: nothing but the refused file is left.
      expect(await readdir(dir)).toEqual(["state.json"]);
    });
  }

  it("removes temp files a crash left, and nothing else", async () => {
    const dir = await newDir();
    const s1 = await openFileStore({ dir, logger: silent });
    await s1.put("health", health("a", 1));
    await s1.close();
    await writeFile(join(dir, "state.json.999-abcdef.tmp"), '{"format": "omsbot-st');
    await writeFile(join(dir, "state.json.1-00.tmp"), "");
    await writeFile(join(dir, "notes.txt"), "mine");
    const { logger, lines } = captureLogger();
    const s2 = await openFileStore({ dir, logger });
    expect((await readdir(dir)).sort()).toEqual(["notes.txt", "state.json", "state.lock"]);
    expect(lines().join("")).toContain("removed a temp file left by a crash");
    expect(await s2.get("health", "a")).toEqual(health("a", 1));
    await s2.close();
  });

  it("a failed write rejects, changes nothing, and later writes work again", async () => {
    const dir = await newDir();
    const s = await openFileStore({ dir, logger: silent });
    await s.put("health", health("a", 1));
    await rm(dir, { recursive: true, force: true });
    const e = await refusal(s.put("health", health("a", 2)));
    expect(e.code).toBe("INTERNAL");
    expect(e.detail).toContain("ENOENT");
    expect(await s.get("health", "a")).toEqual(health("a", 1));
    expect(await refusal(s.claim("k", 1))).toBeDefined();
    expect(await s.claimed("k")).toBeUndefined();
    await mkdir(dir);
    await s.put("health", health("b", 3));
    expect(await s.list("health")).toEqual([health("a", 1), health("b", 3)]);
    await s.close();
  });

  it("writes concurrent changes in few writes, each durable when it resolves", async () => {
    const dir = await newDir();
    const s = await openFileStore({ dir, logger: silent });
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.put("health", health(`h${i}`, i))));
    const onDisk = JSON.parse(await readFile(join(dir, "state.json"), "utf8"));
    expect(Object.keys(onDisk.collections.health)).toHaveLength(50);
    await s.close();
  });
});

describe("openStateStore", () => {
  it("opens the file store in STATE_DIR", async () => {
    const dir = await newDir();
    const s = await openStateStore({ stateDir: dir, logger: silent });
    expect(s).toBeInstanceOf(FileStateStore);
    await s.put("health", health("a"));
    await s.close();
  });

  it("openState without REDIS_URL: the file store, in-process claims, always ready", async () => {
    const { store, claims, isReady } = await openState({
      stateDir: await newDir(),
      logger: silent,
    });
    expect(store).toBeInstanceOf(FileStateStore);
    expect(claims).toBeInstanceOf(LocalRunClaims);
    expect(isReady()).toBe(true);
    expect(await claims.tryClaim("slot", 1000)).toBe(true);
    expect(await claims.tryClaim("slot", 1000)).toBe(false);
    await store.close();
  });
});

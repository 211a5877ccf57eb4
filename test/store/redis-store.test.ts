import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import { expect, it } from "vitest";
import { isOmsbotError } from "../../src/errors.ts";
import { openState } from "../../src/store/open-store.ts";
import { openRedisStore, RedisStateStore } from "../../src/store/redis-store.ts";
import { cleanEnv, TSX_LOADER } from "../support/spawn-main.ts";
import { describeStateStoreContract, health } from "./contract.ts";
import { silent } from "./helpers.ts";
import { describeWithRedis, REDIS_TEST_URL, redisPrefixes } from "./redis-helpers.ts";

const CHILD = join(import.meta.dirname, "fixtures/redis-child.ts");
const newPrefix = redisPrefixes();

const open = (keyPrefix = newPrefix(), opts: { ledgerMaxEntries?: number } = {}) =>
  openRedisStore({ url: REDIS_TEST_URL, logger: silent, keyPrefix, ...opts });

describeWithRedis("Redis store", () => {
  describeStateStoreContract("redis", (opts) => open(undefined, opts));

  it("keeps its keys under the prefix, in the documented layout", async () => {
    const prefix = newPrefix();
    const s = await open(prefix);
    await s.put("health", health("a", 1));
    await s.claim("digest:d1", 1000, "ts-1");
    expect(await s.claims().tryClaim("alerts:2026-01-01T00:00:00.000Z", 60_000)).toBe(true);
    await s.close();
    const admin = new Redis(REDIS_TEST_URL);
    try {
      expect((await admin.keys(`${prefix}*`)).sort()).toEqual(
        ["ledger", "ledger:at", "run:alerts:2026-01-01T00:00:00.000Z", "state:health"].map(
          (k) => prefix + k,
        ),
      );
      expect(JSON.parse((await admin.hget(`${prefix}state:health`, "a")) ?? "")).toEqual(
        health("a", 1),
      );
      expect(await admin.hget(`${prefix}ledger`, "digest:d1")).toBe('{"at":1000,"ref":"ts-1"}');
      expect(await admin.pttl(`${prefix}run:alerts:2026-01-01T00:00:00.000Z`)).toBeGreaterThan(
        59_000,
      );
    } finally {
      await admin.quit();
    }
  });

  it("a value that is not JSON is a coded error naming the key, not a crash", async () => {
    const prefix = newPrefix();
    const s = await open(prefix);
    const admin = new Redis(REDIS_TEST_URL);
    await admin.hset(`${prefix}state:rules`, "r1", "{broken");
    await admin.quit();
    const e = await s.get("rules", "r1").catch((err: unknown) => err);
    expect(isOmsbotError(e) && e.detail).toContain(`${prefix}state:rules r1`);
    await s.close();
  });

  it("two stores on two connections: 100 concurrent increments end at exactly 100", async () => {
    const prefix = newPrefix();
    const [a, b] = await Promise.all([open(prefix), open(prefix)]);
    const calls: number[] = [];
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 === 0 ? a : b).update("health", "h", (cur) => {
          calls.push(i);
          const h = cur ?? health("h", 0);
          return { ...h, failuresInARow: h.failuresInARow + 1 };
        }),
      ),
    );
    expect(await a.get("health", "h")).toEqual(health("h", 100));
    // Lost races ran `change` again: the reason it must be pure.
    expect(calls.length).toBeGreaterThanOrEqual(100);
    await Promise.all([a.close(), b.close()]);
  });

  it("two processes racing claims on 50 keys: each key is won exactly once", async () => {
    const prefix = newPrefix();
    const n = 50;
    const child = spawn(
      process.execPath,
      ["--import", TSX_LOADER, CHILD, REDIS_TEST_URL, prefix, String(n)],
      {
        env: cleanEnv(),
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    // Listened for at once: the child may finish and exit while this side still races.
    const exited = new Promise((resolve) => child.on("close", resolve));
    const out = createInterface({ input: child.stdout });
    const lines = out[Symbol.asyncIterator]();
    expect((await lines.next()).value).toBe("ready");
    const s = await open(prefix);
    const claims = s.claims();
    const keys = Array.from({ length: n }, (_, i) => `k${i}`);
    const startAt = Date.now() + 150;
    child.stdin.write(`go ${startAt}\n`);
    await new Promise((r) => setTimeout(r, startAt - Date.now()));
    const [ledger, runs] = await Promise.all([
      Promise.all(keys.map((k) => s.claim(k, Date.now(), "parent"))),
      Promise.all(keys.map((k) => claims.tryClaim(k, 60_000))),
      Promise.all(
        keys.map(() =>
          s.update("health", "counter", (cur) => {
            const h = cur ?? health("counter", 0);
            return { ...h, failuresInARow: h.failuresInARow + 1 };
          }),
        ),
      ),
    ]);
    const theirs = JSON.parse(String((await lines.next()).value)) as {
      ledger: string[];
      runs: string[];
    };
    child.stdin.end();
    const mine = { ledger: keys.filter((_, i) => ledger[i]), runs: keys.filter((_, i) => runs[i]) };
    for (const what of ["ledger", "runs"] as const) {
      expect([...mine[what], ...theirs[what]].sort()).toEqual([...keys].sort());
    }
    expect((await s.get("health", "counter"))?.failuresInARow).toBe(2 * n);
    const winner = await s.claimed("k0");
    expect(winner?.ref === "parent").toBe(mine.ledger.includes("k0"));
    await s.close();
    await exited;
  });

  it("openState with REDIS_URL: the Redis store, its claims, and readiness", async () => {
    const { store, claims, isReady } = await openState({
      stateDir: "/nonexistent/never-used",
      logger: silent,
      redisUrl: REDIS_TEST_URL,
      redisKeyPrefix: newPrefix(),
    });
    expect(store).toBeInstanceOf(RedisStateStore);
    expect(isReady()).toBe(true);
    expect(await claims.tryClaim("slot", 1000)).toBe(true);
    expect(await claims.tryClaim("slot", 1000)).toBe(false);
    await store.close();
    expect(isReady()).toBe(false);
    await expect(claims.tryClaim("slot2", 1000)).rejects.toSatisfy(isOmsbotError);
  });
});

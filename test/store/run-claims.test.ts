import cron from "node-cron";
import { describe, expect, it } from "vitest";
import { OmsbotError } from "../../src/errors.ts";
import { openRedisStore } from "../../src/store/redis-store.ts";
import { LocalRunClaims, type RunClaims, toRunCoordinator } from "../../src/store/run-claims.ts";
import { captureLogger, silent } from "./helpers.ts";
import { describeWithRedis, REDIS_TEST_URL, redisPrefixes } from "./redis-helpers.ts";

const newPrefix = redisPrefixes();

describe("in-process run claims", () => {
  it("one winner per key until its ttl has passed", async () => {
    let now = 1_000;
    const claims = new LocalRunClaims(() => now);
    expect(await claims.tryClaim("a", 100)).toBe(true);
    expect(await claims.tryClaim("a", 100)).toBe(false);
    expect(await claims.tryClaim("b", 100)).toBe(true);
    now += 99;
    expect(await claims.tryClaim("a", 100)).toBe(false);
    now += 1;
    expect(await claims.tryClaim("a", 100)).toBe(true);
    await claims.release("b");
    expect(await claims.tryClaim("b", 100)).toBe(true);
    await expect(claims.tryClaim("", 100)).rejects.toBeInstanceOf(OmsbotError);
    await expect(claims.tryClaim("c", 0)).rejects.toBeInstanceOf(OmsbotError);
  });
});

describe("run coordinator", () => {
  it("asks the claims, and fails closed (with a log line) when they throw", async () => {
    const { logger, lines } = captureLogger();
    const broken: RunClaims = {
      tryClaim: async () => {
        throw new OmsbotError("STATE_UNAVAILABLE", "down", { detail: "redis run claim: gone" });
      },
    };
    expect(await toRunCoordinator(broken, logger).shouldRun("digest:slot", 30_000)).toBe(false);
    expect(lines().join("")).toContain("skipping it here (fail closed)");
    expect(lines().join("")).toContain("redis run claim: gone");
    const local = toRunCoordinator(new LocalRunClaims(), silent);
    expect(await local.shouldRun("k", 30_000)).toBe(true);
    expect(await local.shouldRun("k", 30_000)).toBe(false);
  });
});

describeWithRedis("Redis run claims", () => {
  it("one winner per key across connections; the key expires with its ttl", async () => {
    const prefix = newPrefix();
    const [a, b] = await Promise.all([
      openRedisStore({ url: REDIS_TEST_URL, logger: silent, keyPrefix: prefix }),
      openRedisStore({ url: REDIS_TEST_URL, logger: silent, keyPrefix: prefix }),
    ]);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claims().tryClaim("slot", 150)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(await a.claims().tryClaim("slot", 150)).toBe(true);
    // Only the holder gives a claim back.
    await b.claims().release?.("slot");
    expect(await b.claims().tryClaim("slot", 10_000)).toBe(false);
    await a.claims().release?.("slot");
    expect(await b.claims().tryClaim("slot", 10_000)).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });

  it("node-cron with two replicas: every slot runs exactly once", async () => {
    const prefix = newPrefix();
    const replicas = await Promise.all(
      [0, 1].map(() => openRedisStore({ url: REDIS_TEST_URL, logger: silent, keyPrefix: prefix })),
    );
    const runs: string[] = [];
    // The same name on both: it is the claim key's first half (an unnamed task gets a random one).
    const tasks = replicas.map((store, i) =>
      cron.schedule("* * * * * *", (ctx) => void runs.push(`${ctx.date.toISOString()} ${i}`), {
        name: `alerts-${prefix}`,
        distributed: true,
        runCoordinator: toRunCoordinator(store.claims(), silent),
        distributedLease: 60_000,
      }),
    );
    await new Promise((r) => setTimeout(r, 2_600));
    await Promise.all(tasks.map((t) => t.destroy()));
    await Promise.all(replicas.map((s) => s.close()));
    const slots = runs.map((r) => r.split(" ")[0]);
    expect(slots.length).toBeGreaterThanOrEqual(2);
    expect(new Set(slots).size).toBe(slots.length);
  });
});

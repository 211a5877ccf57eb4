/**
 * Redis going away and coming back, through a TCP gate in front of the test server: calls fail
 * fast with STATE_UNAVAILABLE (never hang), claims fail closed, and all works again once it is back.
 */
import { afterEach, expect, it } from "vitest";
import { isOmsbotError } from "../../src/errors.ts";
import { openRedisStore, type RedisStateStore } from "../../src/store/redis-store.ts";
import { toRunCoordinator } from "../../src/store/run-claims.ts";
import { health } from "./contract.ts";
import { captureLogger, silent } from "./helpers.ts";
import {
  closedPort,
  describeWithRedis,
  type RedisGate,
  redisGate,
  redisPrefixes,
  waitFor,
} from "./redis-helpers.ts";

const newPrefix = redisPrefixes();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function gated(logger = silent): Promise<{ gate: RedisGate; store: RedisStateStore }> {
  const gate = await redisGate();
  cleanup.push(() => gate.close());
  // The outage timings are the test's own: shorter than the defaults, so it runs quickly.
  const store = await openRedisStore({
    url: gate.url,
    logger,
    keyPrefix: newPrefix(),
    timings: FAST,
  });
  cleanup.push(() => store.close());
  return { gate, store };
}

/** How long `p` took to reject, and with which code. */
async function failure(p: Promise<unknown>): Promise<{ code: string; ms: number }> {
  const start = performance.now();
  try {
    await p;
  } catch (e) {
    return { code: isOmsbotError(e) ? e.code : String(e), ms: performance.now() - start };
  }
  throw new Error("expected a rejection");
}

const FAST = { commandTimeoutMs: 1000, socketTimeoutMs: 2000 };

describeWithRedis("Redis store offline", () => {
  it("nothing listening: opens anyway, every call fails at once with STATE_UNAVAILABLE", async () => {
    const { logger, lines } = captureLogger();
    const store = await openRedisStore({
      url: `redis://127.0.0.1:${await closedPort()}`,
      logger,
      keyPrefix: newPrefix(),
      timings: FAST,
    });
    cleanup.push(() => store.close());
    expect(store.isReady()).toBe(false);
    expect(await store.ping()).toBe(false);
    for (const call of [
      store.get("rules", "r"),
      store.put("health", health("h")),
      store.claim("k", 1),
    ]) {
      const { code, ms } = await failure(call);
      expect(code).toBe("STATE_UNAVAILABLE");
      expect(ms).toBeLessThan(100);
    }
    expect(lines().join("")).toContain("Redis is not reachable at start");
  });

  it("Redis goes away: calls fail fast, runs are skipped; it comes back: all works again", async () => {
    const { logger, lines } = captureLogger();
    const { gate, store } = await gated(logger);
    const coordinator = toRunCoordinator(store.claims(), logger);
    await store.put("health", health("a", 1));
    expect(await coordinator.shouldRun("alerts:slot-1", 60_000)).toBe(true);

    await gate.down();
    const down = await failure(store.get("health", "a"));
    expect(down.code).toBe("STATE_UNAVAILABLE");
    expect(down.ms).toBeLessThan(1000);
    await waitFor(() => !store.isReady(), 1000);
    const update = await failure(store.update("health", "a", (cur) => cur));
    expect(update).toMatchObject({ code: "STATE_UNAVAILABLE" });
    expect(update.ms).toBeLessThan(100);
    // Fail closed: this replica does not run the slot, and says why in the log.
    expect(await coordinator.shouldRun("alerts:slot-2", 60_000)).toBe(false);
    expect(lines().join("")).toContain("skipping it here (fail closed)");
    expect(lines().join("")).toContain("Redis unreachable");

    await gate.up();
    const back = await waitFor(() => store.isReady(), 3000);
    expect(back).toBeLessThan(1500);
    expect(await store.get("health", "a")).toEqual(health("a", 1));
    expect(await coordinator.shouldRun("alerts:slot-3", 60_000)).toBe(true);
    expect(await coordinator.shouldRun("alerts:slot-1", 60_000)).toBe(false);
    expect(lines().join("")).toContain("Redis is reachable again");
  });

  it("Redis stops answering: a call fails after the command timeout; the socket is replaced", async () => {
    const { gate, store } = await gated();
    await store.put("health", health("a", 1));
    gate.freeze(true);
    const stalled = await failure(store.get("health", "a"));
    expect(stalled.code).toBe("STATE_UNAVAILABLE");
    expect(stalled.ms).toBeGreaterThan(900);
    expect(stalled.ms).toBeLessThan(1500);
    // No byte back for the socket timeout: the connection is given up, not trusted any more.
    await waitFor(() => !store.isReady(), 2000);
    expect((await failure(store.get("health", "a"))).ms).toBeLessThan(100);
    gate.freeze(false);
    await waitFor(() => store.isReady(), 4000);
    await store.put("health", health("b", 2));
    expect(await store.list("health")).toEqual([health("a", 1), health("b", 2)]);
  });
});

/**
 * What every StateStore promises (app/ports.ts), as one suite run against each implementation.
 */
import { describe, expect, it } from "vitest";
import type { StateStore } from "../../src/app/ports.ts";
import type { Mute, RuleHealth } from "../../src/core/alert-model.ts";
import { isOmsbotError } from "../../src/errors.ts";

export type StoreFactory = (opts?: { ledgerMaxEntries?: number }) => Promise<StateStore>;

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);

export const health = (id: string, failuresInARow = 0): RuleHealth => ({
  id,
  ruleId: `rule-${id}`,
  failuresInARow,
});

const mute = (id: string, until: number): Mute => ({
  id,
  ruleId: "r1",
  taskId: "t1",
  until,
  by: "U1",
});

export function describeStateStoreContract(name: string, open: StoreFactory): void {
  const withStore = (
    fn: (store: StateStore) => Promise<void>,
    opts?: { ledgerMaxEntries?: number },
  ) => {
    return async () => {
      const store = await open(opts);
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    };
  };

  describe(`StateStore contract: ${name}`, () => {
    it(
      "get, list, put, delete",
      withStore(async (s) => {
        expect(await s.get("health", "a")).toBeUndefined();
        expect(await s.list("health")).toEqual([]);
        await s.put("health", health("b", 2));
        await s.put("health", health("a", 1));
        await s.put("mutes", mute("r1:t1", T0));
        expect(await s.get("health", "a")).toEqual(health("a", 1));
        expect(await s.list("health")).toEqual([health("a", 1), health("b", 2)]);
        await s.put("health", health("a", 5));
        expect(await s.get("health", "a")).toEqual(health("a", 5));
        expect(await s.list("mutes")).toEqual([mute("r1:t1", T0)]);
        expect(await s.delete("health", "a")).toBe(true);
        expect(await s.delete("health", "a")).toBe(false);
        expect(await s.delete("rules", "nope")).toBe(false);
        expect(await s.list("health")).toEqual([health("b", 2)]);
        expect(await s.get("mutes", "b")).toBeUndefined();
      }),
    );

    it(
      "update creates, changes and deletes, and returns what it stored",
      withStore(async (s) => {
        expect(await s.update("health", "h", (cur) => cur)).toBeUndefined();
        expect(await s.get("health", "h")).toBeUndefined();
        const created = await s.update("health", "h", (cur) => cur ?? health("h", 1));
        expect(created).toEqual(health("h", 1));
        const changed = await s.update("health", "h", (cur) =>
          cur ? { ...cur, failuresInARow: cur.failuresInARow + 1, lastDataAt: T0 } : cur,
        );
        expect(changed).toEqual({ ...health("h", 2), lastDataAt: T0 });
        expect(await s.get("health", "h")).toEqual(changed);
        expect(await s.update("health", "h", () => undefined)).toBeUndefined();
        expect(await s.get("health", "h")).toBeUndefined();
      }),
    );

    it(
      "a failing update changes nothing, and the store goes on",
      withStore(async (s) => {
        await s.put("health", health("h", 1));
        await expect(
          s.update("health", "h", (cur) => {
            if (cur) cur.failuresInARow = 99;
            throw new Error("boom");
          }),
        ).rejects.toThrow("boom");
        const wrongId = s.update("health", "h", () => health("other", 3));
        await expect(wrongId).rejects.toSatisfy(isOmsbotError);
        const noId = s.put("health", { ruleId: "x", failuresInARow: 0 } as unknown as RuleHealth);
        await expect(noId).rejects.toSatisfy(isOmsbotError);
        expect(await s.list("health")).toEqual([health("h", 1)]);
        await s.put("health", health("i", 2));
        expect(await s.get("health", "i")).toEqual(health("i", 2));
      }),
    );

    it(
      "values are copied in and out",
      withStore(async (s) => {
        const value = health("h", 1);
        await s.put("health", value);
        value.failuresInARow = 50;
        const got = await s.get("health", "h");
        if (!got) throw new Error("missing");
        got.failuresInARow = 60;
        const listed = await s.list("health");
        if (listed[0]) listed[0].failuresInARow = 70;
        const updated = await s.update("health", "h", (cur) => cur);
        if (updated) updated.failuresInARow = 80;
        const claim = await s.claim("k", T0, "ts-1");
        expect(claim).toBe(true);
        const entry = await s.claimed("k");
        if (entry) entry.at = 0;
        expect(await s.get("health", "h")).toEqual(health("h", 1));
        expect(await s.claimed("k")).toEqual({ at: T0, ref: "ts-1" });
      }),
    );

    it(
      "claim records a key once",
      withStore(async (s) => {
        expect(await s.claimed("digest:d1:2026-01-01")).toBeUndefined();
        expect(await s.claim("digest:d1:2026-01-01", T0, "1700000000.000100")).toBe(true);
        expect(await s.claim("digest:d1:2026-01-01", T0 + 1000)).toBe(false);
        expect(await s.claimed("digest:d1:2026-01-01")).toEqual({
          at: T0,
          ref: "1700000000.000100",
        });
        expect(await s.claim("other", T0)).toBe(true);
        expect(await s.claimed("other")).toEqual({ at: T0 });
      }),
    );

    it(
      "concurrent claims of one key: exactly one wins",
      withStore(async (s) => {
        const results = await Promise.all(Array.from({ length: 20 }, () => s.claim("k", T0)));
        expect(results.filter(Boolean)).toHaveLength(1);
      }),
    );

    it(
      "the ledger forgets entries older than 30 days",
      withStore(async (s) => {
        await s.claim("old", T0);
        await s.claim("edge", T0 + DAY);
        expect(await s.claim("old", T0 + 30 * DAY)).toBe(false);
        await s.claim("new", T0 + 31 * DAY);
        expect(await s.claimed("old")).toBeUndefined();
        expect(await s.claimed("edge")).toEqual({ at: T0 + DAY });
        expect(await s.claim("edge", T0 + 31 * DAY + 1)).toBe(true);
        expect(await s.claimed("edge")).toEqual({ at: T0 + 31 * DAY + 1 });
      }),
    );

    it(
      "the ledger is capped, the earliest claims going first",
      withStore(
        async (s) => {
          for (let i = 0; i < 5; i++) await s.claim(`k${i}`, T0 + i);
          expect(await s.claimed("k0")).toBeUndefined();
          expect(await s.claimed("k1")).toBeUndefined();
          expect(await s.claimed("k2")).toEqual({ at: T0 + 2 });
          expect(await s.claimed("k4")).toEqual({ at: T0 + 4 });
        },
        { ledgerMaxEntries: 3 },
      ),
    );

    it(
      "100 concurrent updates of one record all count",
      withStore(async (s) => {
        await Promise.all(
          Array.from({ length: 100 }, () =>
            s.update("health", "h", (cur) => {
              const h = cur ?? health("h", 0);
              return { ...h, failuresInARow: h.failuresInARow + 1 };
            }),
          ),
        );
        expect(await s.get("health", "h")).toEqual(health("h", 100));
      }),
    );

    it("refuses use after close, and close twice is fine", async () => {
      const s = await open();
      await s.put("health", health("h"));
      await s.close();
      await s.close();
      await expect(s.get("health", "h")).rejects.toSatisfy(isOmsbotError);
      await expect(s.put("health", health("i"))).rejects.toSatisfy(isOmsbotError);
    });
  });
}

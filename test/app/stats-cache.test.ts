import { describe, expect, it } from "vitest";
import { StatsCache, type StatsRequestKey } from "../../src/app/stats-cache.ts";

const MIN = 60_000;
const key = (over: Partial<StatsRequestKey> = {}): StatsRequestKey => ({
  taskId: "t1",
  start: 1_000 * MIN,
  end: 2_440 * MIN,
  types: ["REQUEST", "FAILURE"],
  tz: "UTC",
  ...over,
});

function harness() {
  let now = 0;
  let calls = 0;
  const cache = new StatsCache<string>({ now: () => now });
  const answer = (k: StatsRequestKey) =>
    cache.get(k, async () => {
      calls++;
      return `answer ${calls}`;
    });
  return {
    answer,
    cache,
    advance: (ms: number) => {
      now += ms;
    },
    calls: () => calls,
  };
}

describe("StatsCache", () => {
  it("answers the same request within 60 s from the first, computing once", async () => {
    const h = harness();
    expect(await h.answer(key())).toBe("answer 1");
    h.advance(59_000);
    expect(await h.answer(key())).toBe("answer 1");
    expect(h.calls()).toBe(1);
  });

  it("treats a relative range resolved seconds later as the same request", async () => {
    const h = harness();
    await h.answer(key());
    h.advance(20_000);
    expect(await h.answer(key({ end: key().end + 20_000 }))).toBe("answer 1");
    expect(h.calls()).toBe(1);
  });

  it("asks again after 60 s", async () => {
    const h = harness();
    await h.answer(key());
    h.advance(61_000);
    expect(await h.answer(key())).toBe("answer 2");
  });

  it("keeps other tasks, types, zones, ranges and variants apart; type order does not matter", async () => {
    const h = harness();
    await h.answer(key());
    await h.answer(key({ types: ["FAILURE", "REQUEST"] }));
    expect(h.calls()).toBe(1);
    await h.answer(key({ taskId: "t2" }));
    await h.answer(key({ types: ["REQUEST"] }));
    await h.answer(key({ tz: "Asia/Shanghai" }));
    await h.answer(key({ start: key().start - 6 * 60 * MIN }));
    await h.answer(key({ variant: "csv" }));
    expect(h.calls()).toBe(6);
  });

  it("shares one computation between concurrent equal requests", async () => {
    const h = harness();
    const [a, b] = await Promise.all([h.answer(key()), h.answer(key())]);
    expect([a, b, h.calls()]).toEqual(["answer 1", "answer 1", 1]);
  });

  it("does not keep a failure", async () => {
    let calls = 0;
    const cache = new StatsCache<string>();
    const failing = () =>
      cache.get(key(), async () => {
        calls++;
        throw new Error("OMS down");
      });
    await expect(failing()).rejects.toThrow("OMS down");
    await expect(failing()).rejects.toThrow("OMS down");
    expect(calls).toBe(2);
    expect(cache.count).toBe(0);
  });

  it("holds at most maxEntries, dropping the oldest", async () => {
    let now = 0;
    const cache = new StatsCache<number>({ maxEntries: 2, now: () => now++ });
    for (const id of ["a", "b", "c"]) await cache.get(key({ taskId: id }), async () => 1);
    expect(cache.count).toBe(2);
    let again = 0;
    await cache.get(key({ taskId: "a" }), async () => ++again);
    expect(again).toBe(1);
  });
});

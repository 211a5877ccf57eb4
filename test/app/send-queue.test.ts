import { describe, expect, it } from "vitest";
import { ChannelQueues } from "../../src/app/send-queue.ts";

/** A clock that only moves when the queue sleeps: pacing is checked exactly, without waiting. */
function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe("ChannelQueues", () => {
  it("keeps each channel's order and spaces its sends by the interval", async () => {
    const clock = fakeClock();
    const q = new ChannelQueues({ minIntervalMs: 1000, ...clock });
    const sent: Array<{ channel: string; n: number; at: number }> = [];
    const jobs = [];
    for (let n = 0; n < 5; n++) {
      for (const channel of ["C1", "C2"]) {
        jobs.push(
          q.run(channel, async () => {
            // Later sends finishing faster must not overtake earlier ones.
            await new Promise((r) => setTimeout(r, (5 - n) * 2));
            sent.push({ channel, n, at: clock.now() });
            return n;
          }),
        );
      }
    }
    expect(await Promise.all(jobs)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    for (const channel of ["C1", "C2"]) {
      const mine = sent.filter((s) => s.channel === channel);
      expect(mine.map((s) => s.n)).toEqual([0, 1, 2, 3, 4]);
      for (let i = 1; i < mine.length; i++) {
        expect((mine[i]?.at ?? 0) - (mine[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
      }
    }
  });

  it("a failed send rejects its own caller only; the next one still goes out", async () => {
    const q = new ChannelQueues({ minIntervalMs: 0 });
    const first = q.run("C1", async () => {
      throw new Error("channel_not_found");
    });
    const second = q.run("C1", async () => "ok");
    await expect(first).rejects.toThrow("channel_not_found");
    await expect(second).resolves.toBe("ok");
    await q.idle();
  });
});

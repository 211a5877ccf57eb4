/** The digest's SenseCore ADS section against the simulator: what it lists, and ADS down. */
import { afterEach, describe, expect, it } from "vitest";
import { type AlertWorld, MIN, startAlertWorld, T0 } from "./alert-harness.ts";

let world: AlertWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function digestText(w: AlertWorld, add: string): Promise<string> {
  const added = await w.run(add);
  expect(added.isError).toBe(false);
  const [spec] = await w.store.list("digests");
  if (!spec) throw new Error("no digest stored");
  const calls = w.adsCalls.n;
  await w.digests.post(spec, w.clock.now);
  const root = w.chat.of("root").at(-1);
  // One ADS call per digest (none for a digest of OMS tasks only).
  expect(w.adsCalls.n - calls).toBe(add.includes("media-sync,") || add.endsWith("all") ? 1 : 0);
  return root?.all ?? "";
}

describe("digest with ADS tasks", () => {
  it("`tasks all` lists each ADS task's state, progress, files and rate, failed first", async () => {
    world = await startAlertWorld({ ads: true });
    world.clock.now = T0 + 10 * MIN; // fs-export-checkpoints failed at T0 + 3 min
    const all = await digestText(world, "digest add at 09:00 UTC tasks all");
    expect(all).toContain("*SenseCore ADS* · 6 tasks · :x: 1 failed");
    expect(all).toContain("6 SenseCore ADS tasks (1 failed)");
    const failedAt = all.indexOf("*fs-export-checkpoints* · FAILED · 8.3% · 3,486 of 42,000 files");
    const doingAt = all.indexOf("*imagenet-train-sync* · DOING");
    expect(failedAt).toBeGreaterThan(0);
    expect(doingAt).toBeGreaterThan(failedAt);
    expect(all).toContain("read-only (403)");
    expect(all).toContain("33.2MB/s");
    // The OMS part is still there, and the chart stays OMS-only.
    expect(all).toContain("*media-sync*");
    expect(world.charts.digests[0]?.rows.some((r) => r.name === "imagenet-train-sync")).toBe(false);
  });

  it("names ADS and OMS tasks together; an OMS-only digest asks ADS nothing", async () => {
    world = await startAlertWorld({ ads: true });
    const mixed = await digestText(world, "digest add at 09:00 UTC tasks media-sync,ckpt-backup");
    expect(mixed).toContain("*ckpt-backup* · PAUSED · 37%");
    expect(mixed).not.toContain("imagenet-train-sync");
    expect(mixed).not.toContain("Not found any more");
    await world.store.delete("digests", (await world.store.list("digests"))[0]?.id ?? "");
    const omsOnly = await digestText(world, "digest add at 10:00 UTC tasks media-sync");
    expect(omsOnly).not.toContain("SenseCore ADS");
  });

  it("ADS down: the section says so and the digest still goes out", async () => {
    world = await startAlertWorld({ ads: true });
    world.sim.ads.down = true;
    const text = await digestText(world, "digest add at 09:00 UTC tasks all");
    expect(text).toContain("SenseCore ADS unavailable");
    expect(text).toContain("*media-sync*");
    expect(text).not.toContain("Not found any more");
  });
});

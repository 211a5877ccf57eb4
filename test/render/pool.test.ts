import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { PNG_HEIGHT, PNG_WIDTH } from "../../src/render/constants.ts";
import { digestHeight } from "../../src/render/digest-prepare.ts";
import { RenderPool } from "../../src/render/pool.ts";
import { digestInput, incidentInput } from "./alert-fixtures.ts";
import { statsInput } from "./fixtures.ts";
import { compareGolden, count, decode, isRed, px, px2, whole } from "./png-picture.ts";
import { standInPool, testJob } from "./stand-in-pool.ts";

// Workers load vega and tsx cold (~1–2 s each here), so one pool serves most of the file.
const { pool } = standInPool([], { size: 2, jobTimeoutMs: 8_000 });

afterAll(async () => {
  await pool.close();
});

const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.png`, import.meta.url));

async function until(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("render worker pool", () => {
  it("renders 6 charts concurrently on 2 workers", async () => {
    const inputs = Array.from({ length: 6 }, (_, i) => statsInput(72 + i * 36));
    const pending = inputs.map((input) => pool.renderStats(input));
    expect(pool.queued).toBeGreaterThan(0);
    const pngs = await Promise.all(pending);
    for (const png of pngs) {
      const p = decode(png);
      expect([p.width, p.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
    }
    expect(pool.size).toBe(2);
  });

  it("fails a job whose worker dies with RENDER_FAILED and replaces the worker", async () => {
    await expect(pool.renderStats(testJob("crash"))).rejects.toMatchObject({
      code: "RENDER_FAILED",
    });
    expect(pool.size).toBe(2);
    const png = await pool.renderStats(statsInput(72));
    expect(decode(png).width).toBe(PNG_WIDTH);
  });

  it("a chart that kills its worker twice fails alone: the charts in flight beside it are drawn", async () => {
    const { pool: one } = standInPool([], { size: 1, jobsPerWorker: 3 });
    try {
      const crash = one.renderStats(testJob("crash"));
      const others = [one.renderStats(statsInput(72)), one.renderStats(statsInput(72))];
      await expect(crash).rejects.toMatchObject({ code: "RENDER_FAILED" });
      for (const png of await Promise.all(others)) expect(decode(png).width).toBe(PNG_WIDTH);
    } finally {
      await one.close();
    }
  });

  it("times out a job that never answers and keeps serving", async () => {
    // Room for the replacement worker's first, cold chart on a machine busy with the whole suite.
    const { pool: small } = standInPool([], { size: 1, jobTimeoutMs: 4_000 });
    try {
      const hung = small.renderStats(testJob("hang"));
      const next = small.renderStats(statsInput(72));
      await expect(hung).rejects.toMatchObject({ code: "RENDER_FAILED" });
      expect(decode(await next).height).toBe(PNG_HEIGHT);
    } finally {
      await small.close();
    }
  });

  it("replaces a worker that never gets ready, and its queued job is drawn", async () => {
    // Long enough for a real worker to load under a busy test run (1–2 s), short for the stuck one.
    const { pool: p, started } = standInPool(["never-ready"], { size: 1, startTimeoutMs: 4_000 });
    try {
      expect(decode(await p.renderStats(statsInput(72))).width).toBe(PNG_WIDTH);
      expect(started.slice(0, 2)).toEqual(["never-ready", "render"]);
      expect(p.size).toBe(1);
    } finally {
      await p.close();
    }
  });

  it("fails a queued job with RENDER_FAILED when no worker gets ready in time", async () => {
    const { pool: p } = standInPool(Array(9).fill("never-ready"), {
      size: 1,
      startTimeoutMs: 60_000,
      queueTimeoutMs: 800,
    });
    try {
      const t0 = Date.now();
      await expect(p.renderStats(statsInput(72))).rejects.toMatchObject({
        code: "RENDER_FAILED",
      });
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      await p.close();
    }
  });

  it("keeps its size after failed start-ups: restarts later, and a job timeout still replaces", async () => {
    // Worker 1 starts; its sibling fails to start three times in a row, then starts.
    const { pool: p, started } = standInPool(
      ["render", "exit-at-start", "exit-at-start", "exit-at-start"],
      { size: 2, jobTimeoutMs: 1_500, restartDelayMs: 300 },
    );
    try {
      expect(decode(await p.renderStats(statsInput(72))).width).toBe(PNG_WIDTH);
      await until(() => started.length === 5 && p.size === 2);
      await expect(p.renderStats(testJob("hang"))).rejects.toMatchObject({
        code: "RENDER_FAILED",
      });
      expect(p.size).toBe(2);
      const pngs = await Promise.all([0, 1, 2].map(() => p.renderStats(statsInput(72))));
      expect(pngs.every((png) => decode(png).width === PNG_WIDTH)).toBe(true);
      expect(p.size).toBe(2);
    } finally {
      await p.close();
    }
  });

  it("fails jobs at once while start-ups keep failing, rather than queueing them", async () => {
    const { pool: p } = standInPool(Array(9).fill("exit-at-start"), {
      size: 1,
      restartDelayMs: 60_000,
    });
    try {
      await until(() => p.size === 0);
      await expect(p.renderStats(statsInput(72))).rejects.toThrow(/failing to start/);
    } finally {
      await p.close();
    }
  });

  it("has no test hooks in the real worker, and close() ends workers and later jobs", async () => {
    const plain = new RenderPool({ size: 1 });
    // The stand-in's crash title is an ordinary chart title to the production worker.
    expect(decode(await plain.renderStats(testJob("crash"))).width).toBe(PNG_WIDTH);
    await plain.close();
    expect(plain.size).toBe(0);
    await expect(plain.renderStats(statsInput(72))).rejects.toMatchObject({
      code: "RENDER_FAILED",
    });
  });
});

describe("render worker pool, recycling", () => {
  it("replaces a worker after recycleAfter charts without failing or delaying a job", async () => {
    const { pool: p, started } = standInPool([], { size: 1, recycleAfter: 2, jobsPerWorker: 2 });
    try {
      const pngs = await Promise.all(
        Array.from({ length: 5 }, () => p.renderStats(statsInput(72))),
      );
      expect(pngs.every((png) => decode(png).width === PNG_WIDTH)).toBe(true);
      expect(started.length).toBeGreaterThanOrEqual(2);
      await until(() => p.size === 1);
    } finally {
      await p.close();
    }
  });
});

describe("render worker pool, alert charts", () => {
  it("draws an incident chart with its alert panel on a worker", async () => {
    const png = await pool.renderIncident(incidentInput());
    const p = decode(png);
    expect([p.width, p.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
    // The same picture the in-process renderer draws: the golden's tolerance.
    const { ratio } = compareGolden(png, golden("incident-alert"));
    expect(ratio).toBeLessThanOrEqual(0.002);
  });

  it("draws a digest as tall as its rows on a worker", async () => {
    const p = decode(await pool.renderDigest(digestInput(5, 2)));
    expect([p.width, p.height]).toEqual([PNG_WIDTH, px(digestHeight(5, 2))]);
    expect(count(p, whole(p), isRed)).toBeGreaterThan(px2(250));
  });
});

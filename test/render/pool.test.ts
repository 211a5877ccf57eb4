import { afterAll, describe, expect, it } from "vitest";
import { PNG_HEIGHT, PNG_WIDTH } from "../../src/render/constants.ts";
import { RenderPool } from "../../src/render/pool.ts";
import { statsInput } from "./fixtures.ts";
import { decode } from "./png-picture.ts";

// Workers load vega and tsx cold (~1–2 s each here), so one pool serves the whole file.
const pool = new RenderPool({ size: 2, testHooks: true, jobTimeoutMs: 8_000 });

afterAll(async () => {
  await pool.close();
});

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
    await expect(pool.runTestJob("crash")).rejects.toMatchObject({ code: "RENDER_FAILED" });
    expect(pool.size).toBe(2);
    const png = await pool.renderStats(statsInput(72));
    expect(decode(png).width).toBe(PNG_WIDTH);
  });

  it("times out a job that never answers and keeps serving", async () => {
    const small = new RenderPool({ size: 1, testHooks: true, jobTimeoutMs: 1_500 });
    try {
      const hung = small.runTestJob("hang");
      const next = small.renderStats(statsInput(72));
      await expect(hung).rejects.toMatchObject({ code: "RENDER_FAILED" });
      expect(decode(await next).height).toBe(PNG_HEIGHT);
    } finally {
      await small.close();
    }
  });

  it("ignores test hooks unless enabled, and close() ends workers and later jobs", async () => {
    const plain = new RenderPool({ size: 1 });
    await expect(plain.runTestJob("crash")).rejects.toThrow(/disabled/);
    await plain.close();
    expect(plain.size).toBe(0);
    await expect(plain.renderStats(statsInput(72))).rejects.toMatchObject({
      code: "RENDER_FAILED",
    });
  });
});

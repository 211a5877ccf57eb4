import { describe, expect, it } from "vitest";
import type { AlertChartPort } from "../../src/app/ports.ts";
import type { DigestChartInput } from "../../src/core/digest-chart-input.ts";
import { ChartMemo } from "../../src/render/chart-memo.ts";
import { digestInput, incidentInput } from "./alert-fixtures.ts";

function counting(fail = false) {
  const drawn = { incident: 0, digest: 0 };
  const inner: AlertChartPort = {
    renderIncident: async () => {
      drawn.incident++;
      if (fail) throw new Error("render failed");
      return new Uint8Array([drawn.incident]);
    },
    renderDigest: async () => {
      drawn.digest++;
      return new Uint8Array([drawn.digest]);
    },
  };
  return { inner, drawn };
}

const digest: DigestChartInput = digestInput(3);

describe("ChartMemo", () => {
  it("draws an incident's chart once for five channels, at once or one after another", async () => {
    const { inner, drawn } = counting();
    const memo = new ChartMemo(inner);
    const input = incidentInput();
    const pngs = await Promise.all(Array.from({ length: 3 }, () => memo.renderIncident(input)));
    pngs.push(await memo.renderIncident(structuredClone(input)));
    pngs.push(await memo.renderIncident(input));
    expect(drawn.incident).toBe(1);
    expect(new Set(pngs).size).toBe(1);
  });

  it("draws a different input, or a digest of the same title, again", async () => {
    const { inner, drawn } = counting();
    const memo = new ChartMemo(inner);
    await memo.renderIncident(incidentInput());
    await memo.renderIncident({ ...incidentInput(), title: "other task" });
    await memo.renderDigest(digest);
    await memo.renderDigest(digest);
    expect(drawn).toEqual({ incident: 2, digest: 1 });
  });

  it("forgets a chart after its time, and a failed render at once", async () => {
    let now = 0;
    const { inner, drawn } = counting();
    const memo = new ChartMemo(inner, { ttlMs: 1000, now: () => now });
    await memo.renderDigest(digest);
    now = 1001;
    await memo.renderDigest(digest);
    expect(drawn.digest).toBe(2);

    const failing = counting(true);
    const memo2 = new ChartMemo(failing.inner);
    await expect(memo2.renderIncident(incidentInput())).rejects.toThrow("render failed");
    await expect(memo2.renderIncident(incidentInput())).rejects.toThrow("render failed");
    expect(failing.drawn.incident).toBe(2);
  });
});

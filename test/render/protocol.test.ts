import { describe, expect, it } from "vitest";
import { type ChartRequest, fromWire, toWire } from "../../src/render/protocol.ts";
import { digestInput, incidentInput } from "./alert-fixtures.ts";
import { statsInput } from "./fixtures.ts";

/** What the worker receives: the posted message, its buffers moved, not copied. */
function post(request: ChartRequest): { received: ChartRequest; transfer: ArrayBuffer[] } {
  const { wire, transfer } = toWire(request);
  const received = fromWire(structuredClone(wire, { transfer }));
  return { received, transfer };
}

function seriesCount(request: ChartRequest): number {
  if (request.kind === "digest") {
    return request.input.rows.reduce((n, r) => n + Object.keys(r.series).length, 0);
  }
  return Object.keys(request.input.series).length;
}

describe("render job messages", () => {
  it("brings a 7-day stats chart's series across intact, every buffer transferred", () => {
    const input = statsInput(2016);
    // Values that a lossy packing would bend: fractions, negatives, beyond 2^53, an empty series.
    input.series.SIZE = [
      { t: input.range.start, v: 0.1 + 0.2 },
      { t: input.range.start + 300_000, v: -1 },
      { t: input.range.start + 600_000, v: 2 ** 60 + 1 },
    ];
    input.series.SKIP = [];
    const request: ChartRequest = { kind: "stats", input };
    const { received, transfer } = post(request);
    expect(received).toEqual(request);
    expect(transfer).toHaveLength(seriesCount(request));
    for (const b of transfer) expect(b.byteLength).toBe(0);
  });

  it("keeps an incident's alert measure and a digest's rows, unavailable ones included", () => {
    const incident: ChartRequest = { kind: "incident", input: incidentInput() };
    expect(post(incident).received).toEqual(incident);

    const digest: ChartRequest = { kind: "digest", input: digestInput(20, 3) };
    expect(digest.input.rows.some((r) => r.unavailable)).toBe(true);
    const { received, transfer } = post(digest);
    expect(received).toEqual(digest);
    expect(transfer).toHaveLength(seriesCount(digest));
  });

  it("leaves out a type set to undefined, as the renderer reads it: absent", () => {
    const input = statsInput(288, ["REQUEST", "FAILURE"]);
    input.series.FAILURE = undefined;
    const { received } = post({ kind: "stats", input });
    expect(received.kind === "stats" && Object.keys(received.input.series)).toEqual(["REQUEST"]);
  });

  it("packs afresh each time, so a job put back in the queue can be posted again", () => {
    const request: ChartRequest = { kind: "stats", input: statsInput(288) };
    post(request);
    expect(post(request).received).toEqual(request);
  });
});

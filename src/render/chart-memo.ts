import { createHash } from "node:crypto";
import type { AlertChartPort } from "../app/ports.ts";
import type { IncidentChartInput } from "../core/chart-input.ts";
import type { DigestChartInput } from "../core/digest-chart-input.ts";

export interface ChartMemoOptions {
  /** How long a chart is kept for more channels. Default 10 min: a digest round posts within it. */
  ttlMs?: number;
  /** PNGs kept; a digest of 50 rows is ~1 MB. Default 16. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * A digest's or an incident's chart drawn once however many channels get it (issue 11): the
 * same input within `ttlMs` gets the same PNG, and concurrent equal inputs share one render.
 * Keyed by a hash of the input, so two channels' inputs must be equal field for field; a
 * failed render is forgotten at once.
 */
export class ChartMemo implements AlertChartPort {
  private readonly memo = new Map<string, { at: number; png: Promise<Uint8Array> }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: AlertChartPort,
    opts: ChartMemoOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 600_000;
    this.maxEntries = opts.maxEntries ?? 16;
    this.now = opts.now ?? Date.now;
  }

  renderIncident(input: IncidentChartInput): Promise<Uint8Array> {
    return this.once("incident", input, () => this.inner.renderIncident(input));
  }

  renderDigest(input: DigestChartInput): Promise<Uint8Array> {
    return this.once("digest", input, () => this.inner.renderDigest(input));
  }

  private once(kind: string, input: unknown, draw: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const now = this.now();
    for (const [k, e] of this.memo) if (now - e.at > this.ttlMs) this.memo.delete(k);
    const key = createHash("sha256").update(kind).update(JSON.stringify(input)).digest("hex");
    const hit = this.memo.get(key);
    if (hit) return hit.png;
    const png = draw();
    this.memo.set(key, { at: now, png });
    png.catch(() => this.memo.delete(key));
    // A Map iterates in insertion order: the first key is the oldest.
    while (this.memo.size > this.maxEntries) {
      const oldest = this.memo.keys().next().value;
      if (oldest === undefined) break;
      this.memo.delete(oldest);
    }
    return png;
  }
}

import type { StatPoint } from "../core/domain.ts";

/**
 * Thins a sorted series for drawing to at most `maxPoints` points: the series is cut into
 * maxPoints/2 equal runs and each run keeps its minimum and its maximum, in time order. The
 * drawn line still touches every peak and every trough, so a one-interval failure burst in a
 * 7-day series survives; only wiggles narrower than a device pixel are lost.
 */
export function downsampleMinMax(points: readonly StatPoint[], maxPoints: number): StatPoint[] {
  if (points.length <= maxPoints || maxPoints < 2) return points.slice();
  const buckets = Math.floor(maxPoints / 2);
  const out: StatPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * points.length) / buckets);
    const to = Math.floor(((b + 1) * points.length) / buckets);
    let lo: StatPoint | undefined;
    let hi: StatPoint | undefined;
    for (let i = from; i < to; i++) {
      const p = points[i];
      if (!p) continue;
      if (!lo || p.v < lo.v) lo = p;
      if (!hi || p.v > hi.v) hi = p;
    }
    if (!lo || !hi) continue;
    if (lo === hi) out.push(lo);
    else if (lo.t < hi.t) out.push(lo, hi);
    else out.push(hi, lo);
  }
  return out;
}

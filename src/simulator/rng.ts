/**
 * Deterministic randomness for the simulator.
 *
 * Traffic values must be a pure function of (seed, task, interval) so that any two queries over
 * overlapping ranges agree, whatever the clock says; a stateful generator would make the answer
 * depend on the order of queries. So traffic uses a stateless integer hash, and only fault
 * injection (where order is the point) uses a stream generator.
 */

/** 32-bit finaliser (murmur3 fmix32): good avalanche, cheap enough for 10^5 calls per query. */
function fmix32(h0: number): number {
  let h = h0 >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a list of 32-bit integers into one 32-bit integer. */
export function hashInts(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = fmix32(h ^ fmix32((p | 0) + 0x7f4a7c15));
  }
  return h;
}

/** Hashes a string (UTF-16 code units) into a 32-bit integer (FNV-1a, then mixed). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** A uniform number in [0, 1) from the hash of the parts. */
export function uniform(...parts: number[]): number {
  return hashInts(...parts) / 0x1_0000_0000;
}

/** A standard normal deviate from two hashed uniforms (Box–Muller). */
export function gaussian(...parts: number[]): number {
  const u1 = Math.max(uniform(...parts, 1), 1e-12);
  const u2 = uniform(...parts, 2);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A seedable stream generator (mulberry32) for fault draws, where order matters. */
export function streamRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/** Seeds may be typed as numbers or words (CLI `--seed demo`); both map to a 32-bit int. */
export function seedToInt(seed: number | string): number {
  if (typeof seed === "number" && Number.isInteger(seed)) return seed >>> 0;
  return hashString(String(seed));
}

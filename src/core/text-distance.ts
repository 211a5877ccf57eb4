/** Edit distance, for "did you mean" suggestions (command words, timezones, task names). */

/**
 * Edit distance counting a swap of neighbours as one edit (`stast` is 1 from `stats`); stops
 * early and returns `limit + 1` once it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Suggestions only ever compare short strings; cap the work on long user input.
  const x = a.slice(0, 200);
  const y = b.slice(0, 200);
  let before: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        v = Math.min(v, (before[j - 2] ?? 0) + 1);
      }
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    before = prev;
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

/**
 * The candidates nearest to `word` (case-insensitive), best first, at most `max`, none further
 * than `maxDistance` (default: about a third of the word, at least 1).
 */
export function closestMatches(
  word: string,
  candidates: readonly string[],
  max = 3,
  maxDistance = Math.max(1, Math.floor(word.length / 3)),
): string[] {
  const w = word.toLowerCase();
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), maxDistance);
    if (d <= maxDistance) scored.push({ c, d });
  }
  // On a tie, a candidate as long as the word is the likelier intent (`stast` → `stats`).
  const lengthGap = (c: string) => Math.abs(c.length - word.length);
  scored.sort((p, q) => p.d - q.d || lengthGap(p.c) - lengthGap(q.c));
  return scored.slice(0, max).map((s) => s.c);
}

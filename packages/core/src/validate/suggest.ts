/** "Did you mean …?" — the closest known name by edit distance, ignoring case. */

/** Levenshtein distance, with an early exit once every cell of a row exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/**
 * The candidate closest to `written` (case-insensitive), if it is close enough to be a plausible
 * typo: at most a third of the length, and at least 2 edits allowed.
 */
export function closest(written: string, candidates: Iterable<string>): string | undefined {
  const w = written.toLowerCase();
  if (w.length > 80) return undefined; // no policy name is that long; keeps the search cheap
  const limit = Math.max(2, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** ` Did you mean "X"?` or an empty string. */
export function didYouMean(written: string, candidates: Iterable<string>): string {
  const c = closest(written, candidates);
  return c !== undefined && c !== written ? ` Did you mean ${JSON.stringify(c)}?` : '';
}

/** Id and label of a class, from its members (candidates with one signature), best member first. */
import type { Candidate } from './types.js';

/** Consecutive runs of sorted region indexes. */
function runs(indexes: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const i of [...indexes].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

/** Parts of a label: points on one line merge into runs ("at most 180"), at the place of the line's first member. */
function parts(members: readonly Candidate[]): { ids: string[]; labels: string[] } {
  const ids: string[] = [];
  const labels: string[] = [];
  const lines = new Set<object>();
  for (const m of members) {
    const point = m.point;
    if (!point) {
      ids.push(m.id);
      labels.push(m.label);
      continue;
    }
    if (lines.has(point.line)) continue;
    lines.add(point.line);
    const indexes = members.flatMap((x) => (x.point?.line === point.line ? [x.point.index] : []));
    for (const [from, to] of runs(indexes)) {
      const run = point.run(from, to);
      ids.push(run.id);
      labels.push(run.label);
    }
  }
  return { ids, labels };
}

/**
 * `members`: the class, best witness first; `present`: how many candidates of the key are present
 * values (not absent, not the empty set). A class holding all of them reads "any value".
 */
export function describeClass(members: readonly Candidate[], present: number, multiValued: boolean): { id: string; label: string } {
  const typed = members.filter((m) => !m.illTyped);
  const shown = typed.length ? typed : members;
  const missing = shown.filter((m) => m.tier === 0);
  const values = shown.filter((m) => m.tier !== 0);
  const everything = present > 0 && members.filter((m) => m.tier !== 0).length === present;
  const rest = everything ? { ids: [values[0]?.id ?? 'any'], labels: [multiValued ? 'any non-empty set' : 'any value'] } : parts(values);
  const labels = [...new Set([...missing.map((m) => m.label), ...rest.labels])];
  // Ids stay short: the best member's, unless the class is only points on a line (`le:180`, `gt:100,lt:180`).
  const onlyPoints = missing.length === 0 && values.length > 0 && values.every((m) => m.point && m.point.line === values[0]?.point?.line);
  const id = onlyPoints ? rest.ids.join('|') : (shown[0]?.id ?? 'absent');
  return { id, label: labels.join(' or ') };
}

/**
 * Multi-valued keys. A clause reads a set of values element by element — `ForAnyValue` and
 * non-negated operators ask whether some element satisfies it, `ForAllValues` and negated
 * operators whether every one does, `Null` only whether the set is empty — so the signature of
 * S ∪ {e} follows from the signature of S and the class of e. Growing sets one element class at a
 * time from each new signature therefore reaches every signature any set can have.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import type { ContextScalar, ContextValue } from '@kmsim/core';
import type { Candidate } from './types.js';

/** Signatures explored per key at most (a key tested by n clauses has at most 2^n). */
const MAX_SETS = 256;

interface Element {
  readonly candidate: Candidate;
  readonly value: ContextScalar;
  readonly name: string;
  readonly id: string;
}

function element(c: Candidate): Element | undefined {
  const v = c.value;
  if (v === undefined || Array.isArray(v)) return undefined;
  const value = v as ContextScalar;
  const name = c.label === 'any other value' ? 'another value' : c.label;
  return { candidate: c, value, name, id: c.id.replace(/^eq:/, '') };
}

function setCandidate(members: readonly Element[]): Candidate {
  return {
    value: members.map((m) => m.value),
    tier: members.every((m) => m.candidate.tier === 1) ? 1 : 2,
    id: `set:${members.map((m) => m.id).join('+')}`,
    label: `{${members.map((m) => m.name).join(', ')}}`,
  };
}

/**
 * Set witnesses from scalar candidates: one element per class of single-element sets, then the
 * readable sets (each element alone, all literals together, each literal with another value), then
 * every set the closure finds.
 */
export function setCandidates(
  scalars: readonly Candidate[],
  signature: (value: ContextValue | undefined) => string,
): { candidates: Candidate[]; incomplete?: string } {
  const elements: Element[] = [];
  const elementSigs = new Set<string>();
  for (const c of scalars) {
    const e = element(c);
    if (!e) continue;
    const sig = signature([e.value]);
    if (elementSigs.has(sig)) continue;
    elementSigs.add(sig);
    elements.push(e);
  }
  const literals = elements.filter((e) => e.candidate.tier === 1);
  const others = elements.filter((e) => e.candidate.id === 'other');
  const readable: Element[][] = [
    ...elements.map((e) => [e]),
    ...(literals.length > 1 ? [literals] : []),
    ...literals.flatMap((l) => others.map((o) => [l, o])),
  ];
  // Closure: from each set with a new signature, add one more element class.
  const seen = new Set<string>();
  const queue: Element[][] = [];
  for (const s of readable) {
    const sig = signature(s.map((e) => e.value));
    if (!seen.has(sig)) {
      seen.add(sig);
      queue.push(s);
    }
  }
  const seeds = queue.length;
  let complete = true;
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i] ?? [];
    for (const e of elements) {
      if (s.includes(e)) continue;
      const next = elements.filter((x) => x === e || s.includes(x));
      const sig = signature(next.map((x) => x.value));
      if (seen.has(sig)) continue;
      if (seen.size >= MAX_SETS) {
        complete = false;
        break;
      }
      seen.add(sig);
      queue.push(next);
    }
    if (!complete) break;
  }
  return {
    candidates: [...readable, ...queue.slice(seeds)].map(setCandidate),
    ...(complete ? {} : { incomplete: `the set search stopped after ${MAX_SETS} signatures` }),
  };
}

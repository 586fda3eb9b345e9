/** Bool values: `true` and `false` (IAM compares them without case); a literal of the policies ranks first. */
import type { PolicyValue } from './clauses.js';
import type { Candidate } from './types.js';

export function boolCandidates(values: readonly PolicyValue[]): Candidate[] {
  return [true, false].map((b): Candidate => {
    const literal = values.find((v) => v.text.toLowerCase() === String(b));
    return { value: b, tier: literal ? 1 : 2, ...(literal ? { order: literal.order } : {}), id: String(b), label: String(b) };
  });
}

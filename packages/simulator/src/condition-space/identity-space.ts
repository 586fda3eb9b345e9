/**
 * The principal dimension of a class row's cell: the witness members, grouped by how the cell's
 * clauses on identity keys treat them (core's `compileClause` on each member's own context, so a
 * group can never disagree with the evaluator). One class per group, its best member the witness.
 */
import type { ConditionClause, ContextValue } from '@kmsim/core';
import { layered, safeTest } from './context.js';
import type { IdentityWitness, MemberKind } from './identity.js';
import type { KeySpace, ValueClass } from './types.js';

const KIND_WORDS: Readonly<Record<MemberKind, string>> = {
  root: 'root user',
  user: 'user',
  role: 'role (session)',
  'federated-user': 'federated user',
  service: 'service',
};

function words(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The context a witness's identity keys are read from: its own keys over what core derives for it. */
export type WitnessContext = (w: IdentityWitness) => Readonly<Record<string, ContextValue>>;

export function identitySpace(
  witnesses: readonly IdentityWitness[],
  clauses: readonly ConditionClause[],
  version: string | undefined,
  derived: WitnessContext,
): KeySpace {
  const service = witnesses.every((w) => w.kind === 'service');
  const key = service ? 'aws:PrincipalServiceName' : 'aws:PrincipalArn';
  const tests = clauses.map((c) => safeTest(c, version));
  const groups = new Map<string, IdentityWitness[]>();
  for (const w of witnesses) {
    const context = layered([w.context, derived(w)]);
    const sig = tests.map((t) => (t(context) ? '1' : '0')).join('');
    const g = groups.get(sig);
    if (g) g.push(w);
    else groups.set(sig, [w]);
  }
  const classes = [...groups.values()].map((members): ValueClass => {
    const best = members[0] as IdentityWitness;
    const kinds = [...new Set(members.map((m) => m.kind))].map((k) => KIND_WORDS[k]);
    const value = service ? best.principal : (derived(best)['aws:PrincipalArn'] ?? best.principal);
    return {
      key,
      id: `${best.kind}:${best.principal}`,
      label: `a ${words(kinds)} such as ${best.principal}`,
      value,
      principal: best.principal,
      context: best.context,
    };
  });
  return { key, type: service ? 'String' : 'ARN', multiValued: false, classes };
}

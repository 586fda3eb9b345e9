/**
 * What a key's policies mention, read once per key: principals, accounts, principal patterns,
 * actions and condition clauses. The arbitraries bias their values towards these.
 */
import { KMS_ACTIONS, type ConditionClause, type Policy, type PrincipalSet, type Statement } from '@kmsim/core';
import { ACCOUNT_ID, accountOfEntry, arnParts, compileStatement, type CompiledStatement } from '@kmsim/core/internal';
import { prepare } from '@kmsim/simulator';
import { keyEvaluation, type KeyEvaluation } from '../assertions/evaluation.js';
import { guardrailsOf, type KeyLike } from '../key-under-test.js';

export interface KeyFacts {
  readonly evaluation: KeyEvaluation;
  readonly keyAccount: string;
  readonly policyVersion: string | undefined;
  /** Key policy and identity policy statements. */
  readonly statements: readonly Statement[];
  readonly clauses: readonly ConditionClause[];
  /** Principals named as such: ARNs and service principals of Principal/NotPrincipal, grantees, identity policy owners. */
  readonly principals: readonly string[];
  /** Accounts named anywhere (account entries, ARNs, principal-account conditions), the key's first. */
  readonly accounts: readonly string[];
  /** Values of aws:PrincipalArn conditions (patterns or literals). */
  readonly principalPatterns: readonly string[];
  /** Catalogue actions the statements' Action / NotAction elements cover. */
  readonly actions: readonly string[];
}

/** The account of any ARN, when it is an account id. */
const arnAccount = (text: string): string | undefined => {
  const account = arnParts(text)?.account;
  return account !== undefined && ACCOUNT_ID.test(account) ? account : undefined;
};
const PRINCIPAL_ACCOUNT_KEYS = new Set(['aws:principalaccount', 'kms:calleraccount', 'aws:sourceaccount', 'aws:resourceaccount']);

const cache = new WeakMap<KeyEvaluation, KeyFacts>();

/** The catalogue actions a statement's Action / NotAction element covers, by the evaluator's own matcher. */
function actionsOf(s: CompiledStatement): string[] {
  return KMS_ACTIONS.filter((a) => s.matchesAction(a.name.toLowerCase())).map((a) => a.name);
}

function fromSet(set: PrincipalSet | undefined, principals: Set<string>, accounts: Set<string>): void {
  if (!set) return;
  for (const e of set.aws) {
    const account = accountOfEntry(e);
    if (account !== undefined) {
      accounts.add(account);
      continue;
    }
    if (!e.includes('*')) principals.add(e);
    const inArn = arnAccount(e);
    if (inArn) accounts.add(inArn);
  }
  for (const s of set.service) principals.add(s);
}

function read(e: KeyEvaluation): KeyFacts {
  const prepared = prepare({
    keyPolicy: e.evaluator.keyPolicy,
    ...(e.key.identityPolicies ? { identityPolicies: e.key.identityPolicies } : {}),
    grants: e.evaluator.grants,
    key: e.evaluator.key,
    ...guardrailsOf(e.key),
  });
  const identity: Policy[] = [...prepared.identityPolicies.values()].flat();
  const statements = [...prepared.keyPolicy.statements, ...identity.flatMap((p) => p.statements)];
  const principals = new Set<string>();
  const accounts = new Set<string>([e.keyAccount]);
  // The organization's accounts: where SCPs, RCPs and aws:PrincipalOrgID change the answer.
  const organization = e.key.organization;
  if (organization) for (const account of [...Object.keys(organization.accounts), organization.managementAccount]) accounts.add(account);
  const principalPatterns: string[] = [];
  for (const s of prepared.keyPolicy.statements) {
    fromSet(s.principal, principals, accounts);
    fromSet(s.notPrincipal, principals, accounts);
  }
  for (const g of prepared.grants) principals.add(g.granteePrincipal);
  for (const p of prepared.identityPolicies.keys()) principals.add(p);
  // And the guardrails' conditions (an RCP on aws:SourceVpce, an SCP on aws:PrincipalTag …): contexts range over them too.
  const clauses = [...statements.flatMap((s) => s.conditions), ...(prepared.guardrailStatements ?? []).flatMap((s) => s.statement.conditions)];
  for (const c of clauses) {
    const key = c.key.toLowerCase();
    for (const v of c.values) {
      const text = String(v);
      if (key === 'aws:principalarn') principalPatterns.push(text);
      if (PRINCIPAL_ACCOUNT_KEYS.has(key) && ACCOUNT_ID.test(text)) accounts.add(text);
      const inArn = arnAccount(text);
      if (inArn) accounts.add(inArn);
    }
  }
  for (const p of principals) {
    const inArn = arnAccount(p);
    if (inArn) accounts.add(inArn);
  }
  const compiled = [
    ...prepared.keyPolicy.statements.map((s) => compileStatement(s, prepared.keyPolicy, 'key-policy', 0)),
    ...identity.flatMap((p, i) => p.statements.map((s) => compileStatement(s, p, 'identity-policy', i))),
  ];
  const actions = [...new Set(compiled.flatMap(actionsOf))];
  return {
    evaluation: e,
    keyAccount: e.keyAccount,
    policyVersion: prepared.keyPolicy.version,
    statements,
    clauses,
    principals: [...principals],
    accounts: [...accounts],
    principalPatterns: [...new Set(principalPatterns)],
    actions,
  };
}

export function keyFacts(key: KeyLike): KeyFacts {
  const e = keyEvaluation(key);
  let facts = cache.get(e);
  if (!facts) {
    facts = read(e);
    cache.set(e, facts);
  }
  return facts;
}

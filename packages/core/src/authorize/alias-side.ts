/**
 * The alias side of kms:CreateAlias, UpdateAlias and DeleteAlias when the request names no alias.
 * These operations are authorized on the alias as well as on the key, and only identity policies
 * can allow them on the alias ("kms:CreateAlias for the alias. Provide this permission in an IAM
 * policy"). https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html
 *
 * Without an alias, an answer is given only when it holds for every alias of the key's account
 * and Region: every identity statement that can apply covers all of those aliases or none of them
 * (compile/alias-names.ts), and none of them reads a condition key whose value depends on the
 * alias. Otherwise the request is a RequestError naming `aliasArn`.
 */
import type { ContextLookup } from '../conditions/context.js';
import { aliasClasses, aliasCoverage, aliasPrefixOf, type AliasClasses } from '../compile/alias-names.js';
import type { CompiledStatement } from '../compile/statement.js';
import { RequestError } from '../errors.js';
import { ref, statementLabel } from './explain.js';
import type { Plan } from './match.js';

/**
 * Condition keys whose value can depend on the alias a request names: the alias in the request
 * and the aliases of the resource. https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html
 */
const ALIAS_KEYS: readonly string[] = ['kms:requestalias', 'kms:resourcealiases'];

/** The alias-dependent key a statement's Condition reads (as its key or in a policy variable), if any. */
export function aliasKeyRead(s: CompiledStatement): string | undefined {
  for (const c of s.clauses) {
    const key = c.clause.key.toLowerCase();
    if (ALIAS_KEYS.includes(key)) return c.clause.key;
    for (const v of c.clause.values) {
      if (typeof v !== 'string') continue;
      const lower = v.toLowerCase();
      const found = ALIAS_KEYS.find((k) => lower.includes(`\${${k}`));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Coverage of statements whose Resource has no variable, by alias prefix (it never changes). */
const coverageCache = new WeakMap<CompiledStatement, Map<string, 'all' | 'none' | 'some'>>();

function coverageOf(s: CompiledStatement, prefix: string, context: ContextLookup): 'all' | 'none' | 'some' {
  if (s.resourceVaries) return aliasCoverage(prefix, s.resourcePatterns(context));
  let byPrefix = coverageCache.get(s);
  if (byPrefix === undefined) coverageCache.set(s, (byPrefix = new Map()));
  let c = byPrefix.get(prefix);
  if (c === undefined) byPrefix.set(prefix, (c = aliasCoverage(prefix, s.resourcePatterns())));
  return c;
}

/**
 * The identity statements of the plan that apply to every alias of the key's account and Region
 * (the others apply to none), or a RequestError when that differs from one alias to another.
 */
export function everyAliasSide(plan: Plan, keyArn: string, context: ContextLookup): ReadonlySet<CompiledStatement> {
  const name = plan.action.name;
  const why = (detail: string): RequestError =>
    new RequestError(
      'aliasArn',
      `is required here: ${name} is authorized on the alias as well as on the key (https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html), and ${detail}`,
    );
  const prefix = aliasPrefixOf(keyArn);
  const covering = new Set<CompiledStatement>();
  if (plan.identityCandidates.length === 0) return covering;
  if (prefix === undefined) throw why(`the key ARN ${keyArn} names no account and Region to take every alias of`);
  for (const { s } of plan.identityCandidates) {
    const key = aliasKeyRead(s);
    if (key !== undefined) throw why(`${statementLabel(ref(s))} reads ${key}, whose value depends on the alias`);
    // A statement whose conditions do not hold applies to no alias.
    if (!s.conditionsHold(context)) continue;
    const coverage = coverageOf(s, prefix, context);
    if (coverage === 'some') throw why(`the Resource of ${statementLabel(ref(s))} covers some aliases of ${prefix}* and not others`);
    if (coverage === 'all') covering.add(s);
  }
  return covering;
}

/** Alias classes for a request without an alias, and why an answer from them may not hold for every alias. */
export interface RequestAliasClasses extends AliasClasses {
  /** Set when the classes cannot stand for every alias (a bound reached, a condition on an alias-dependent key). */
  readonly incomplete?: string;
}

/**
 * The aliases of the key's account and Region cut into classes the plan's identity statements (those
 * whose conditions hold in `context`) treat alike, each with its shortest alias as witness.
 */
export function aliasClassesOf(plan: Plan, keyArn: string, context: ContextLookup): RequestAliasClasses {
  const prefix = aliasPrefixOf(keyArn);
  if (prefix === undefined) return { classes: [], complete: false, incomplete: `the key ARN ${keyArn} names no account and Region to take every alias of` };
  const relevant = plan.identityCandidates.filter((c) => c.s.conditionsHold(context));
  const result = aliasClasses(
    prefix,
    relevant.map((c) => c.s.resourcePatterns(context)),
  );
  const reads = plan.identityCandidates.find((c) => aliasKeyRead(c.s) !== undefined);
  const reasons = [
    ...(result.complete ? [] : [`the search of the aliases of ${prefix}* stopped at its bound`]),
    ...(reads === undefined ? [] : [`${statementLabel(ref(reads.s))} reads ${aliasKeyRead(reads.s)}, whose value depends on the alias`]),
  ];
  return reasons.length === 0 ? result : { ...result, incomplete: reasons.join('; ') };
}

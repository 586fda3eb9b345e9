/**
 * A statement compiled once: action, resource and principal matchers plus condition clauses.
 * Statements missing Action/NotAction or Resource/NotResource never apply ("not effective").
 */
import { compileClause, type CompiledClause } from '../conditions/clause.js';
import type { ContextLookup } from '../conditions/context.js';
import { compileGlob, compileResourceGlob, type GlobMatcher } from '../conditions/glob.js';
import { hasVariables, resolvePattern, VARIABLE_VERSION } from '../conditions/variables.js';
import type { Policy, Statement } from '../model/policy.js';
import type { ConditionTrace, PolicySource, StatementTrace } from '../evaluate/types.js';
import type { Caller } from '../principal/caller.js';
import { matchPrincipal, notPrincipalApplies, type PrincipalMatch } from '../principal/match.js';
import type { ResourcePatterns } from './alias-names.js';
import { wildcardElems } from './wildcard.js';

export interface CompiledStatement {
  readonly statement: Statement;
  readonly source: PolicySource;
  readonly policyIndex: number;
  /** Action names are case-insensitive; give the lower-cased action. */
  matchesAction(actionLower: string): boolean;
  /** The context resolves policy variables in Resource (2012-10-17 policies only). */
  matchesResource(resource: string, context?: ContextLookup): boolean;
  /** Whether Resource uses policy variables (its match then depends on the request's context). */
  readonly resourceVaries: boolean;
  /** Resource (or NotResource) as wildcard elements, variables resolved from the context. */
  resourcePatterns(context?: ContextLookup): ResourcePatterns;
  /** The Condition block's clauses, compiled. */
  readonly clauses: readonly CompiledClause[];
  /** Key policies: how the Principal/NotPrincipal element covers the caller. */
  principal(caller: Caller): PrincipalMatch;
  conditionsHold(context: ContextLookup): boolean;
  explainConditions(context: ContextLookup): ConditionTrace[];
}

function anyGlob(patterns: readonly string[], ignoreCase: boolean): GlobMatcher {
  const globs = patterns.map((p) => compileGlob(ignoreCase ? p.toLowerCase() : p, false));
  if (globs.length === 1) return globs[0] as GlobMatcher;
  return (value) => globs.some((g) => g(value));
}

const NEVER = (): boolean => false;

function elementMatcher(positive: readonly string[] | undefined, negative: readonly string[] | undefined, ignoreCase: boolean): GlobMatcher {
  if (positive) return anyGlob(positive, ignoreCase);
  if (negative) {
    const m = anyGlob(negative, ignoreCase);
    return (value) => !m(value);
  }
  return NEVER;
}

type ResourceMatcher = ((resource: string, context?: ContextLookup) => boolean) & { varies?: boolean };

/**
 * One Resource pattern. Policy variables are substituted in the resource portion of the ARN only
 * (after the fifth colon), and only under Version 2012-10-17; a variable without a value matches
 * nothing. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-resourceelement
 */
/** A pattern's resource portion when it holds policy variables (2012-10-17 policies only). */
function variablePart(pattern: string, version: string | undefined): { readonly head: string; readonly tail: string } | undefined {
  const colons = [...pattern.matchAll(/:/g)];
  const portion = colons.length >= 5 ? (colons[4]?.index ?? 0) + 1 : -1;
  if (version !== VARIABLE_VERSION || portion < 0 || !hasVariables(pattern.slice(portion))) return undefined;
  return { head: pattern.slice(0, portion), tail: pattern.slice(portion) };
}

/** The pattern with its variables resolved (`undefined`: a variable has no value, so it matches nothing). */
function resolvedResource(
  pattern: string,
  version: string | undefined,
  context: ContextLookup | undefined,
): { text: string; literals?: ReadonlySet<number> } | undefined {
  const part = variablePart(pattern, version);
  if (part === undefined) return { text: pattern };
  const resolved = context ? resolvePattern(part.tail, context) : undefined;
  if (resolved === undefined) return undefined;
  return { text: part.head + resolved.text, literals: new Set([...resolved.literals].map((i) => i + part.head.length)) };
}

/**
 * One Resource pattern. Policy variables are substituted in the resource portion of the ARN only
 * (after the fifth colon), and only under Version 2012-10-17; a variable without a value matches
 * nothing. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-resourceelement
 */
function resourcePattern(pattern: string, version: string | undefined): ResourceMatcher {
  if (variablePart(pattern, version) === undefined) {
    const glob = compileResourceGlob(pattern);
    return (resource) => glob(resource);
  }
  const matcher: ResourceMatcher = (resource, context) => {
    const resolved = resolvedResource(pattern, version, context);
    return resolved !== undefined && compileResourceGlob(resolved.text, resolved.literals)(resource);
  };
  matcher.varies = true;
  return matcher;
}

function resourceMatcher(positive: readonly string[] | undefined, negative: readonly string[] | undefined, version: string | undefined): ResourceMatcher {
  const list = (positive ?? negative ?? []).map((p) => resourcePattern(p, version));
  const any: ResourceMatcher = list.length === 1 ? (list[0] as ResourceMatcher) : (r, c) => list.some((m) => m(r, c));
  const varies = list.some((m) => m.varies === true);
  if (positive) return Object.assign((r: string, c?: ContextLookup) => any(r, c), { varies });
  if (negative) return Object.assign((r: string, c?: ContextLookup) => !any(r, c), { varies });
  return NEVER;
}

export function compileStatement(statement: Statement, policy: Policy, source: PolicySource, policyIndex: number): CompiledStatement {
  // Action names: case-insensitive. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
  const action = elementMatcher(statement.action, statement.notAction, true);
  // Resource ARNs are matched as written (case-sensitive), with wildcards within ARN segments.
  const resource = resourceMatcher(statement.resource, statement.notResource, policy.version);
  const clauses: CompiledClause[] = statement.conditions.map((c) => compileClause(c, policy.version));
  const { principal: p, notPrincipal: np } = statement;
  return {
    statement,
    source,
    policyIndex,
    matchesAction: action,
    matchesResource: resource,
    resourceVaries: resource.varies === true,
    resourcePatterns: (context) => {
      const list = statement.resource ?? statement.notResource ?? [];
      const patterns = list.flatMap((p) => {
        const resolved = resolvedResource(p, policy.version, context);
        return resolved === undefined ? [] : [wildcardElems(resolved.text, 'resource', resolved.literals)];
      });
      return { negated: statement.resource === undefined && statement.notResource !== undefined, patterns };
    },
    clauses,
    principal: (caller) => {
      if (p) return matchPrincipal(p, caller);
      if (np) return notPrincipalApplies(np, caller) ? 'direct' : 'none';
      // A key policy statement without Principal is invalid and applies to no one.
      return 'none';
    },
    conditionsHold: (context) => {
      for (let i = 0; i < clauses.length; i++) if (!(clauses[i] as CompiledClause).test(context)) return false;
      return true;
    },
    explainConditions: (context) =>
      clauses.map((c) => {
        const out = c.explain(context);
        return {
          operator: c.clause.operator,
          key: c.clause.key,
          values: c.clause.values,
          requestValue: out.requestValue,
          result: out.result,
          reason: out.reason,
          path: c.clause.path,
        };
      }),
  };
}

export function statementTrace(
  s: CompiledStatement,
  principal: StatementTrace['principal'],
  action: boolean,
  resource: boolean,
  conditions: ConditionTrace[],
  note?: string,
): StatementTrace {
  const matched = principal !== 'none' && action && resource && s.statement.effect !== undefined && conditions.every((c) => c.result);
  return {
    source: s.source,
    policyIndex: s.policyIndex,
    index: s.statement.index,
    sid: s.statement.sid,
    effect: s.statement.effect,
    path: s.statement.path,
    principal,
    action,
    resource,
    conditions,
    matched,
    ...(note ? { note } : {}),
  };
}

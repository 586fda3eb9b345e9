/**
 * Rows that answer alike. Many named principals differ only in which statements name them, not in
 * what those statements say: their cells are the same but for the row. A row's cells are worked
 * out once per *signature* (below) and handed to every other row with that signature, with the
 * row's own principal in its requests.
 *
 * What a named user's or role's cells depend on, and so what the signature holds: core decides a
 * request from the statements that can apply to it (key-policy statements whose Principal covers
 * the caller, and how: by name or through the account; the caller's identity policies), the
 * caller's kind, partition and account (the root user, cross-account access), grants naming the
 * caller, and the request context (the varied keys, and keys derived from the principal). So a row
 * shares only when: it is a named user or role evaluated as itself; no grant exists; and every
 * condition of its statements reads a key the simulator varies that is not an identity key, with
 * no policy variables. Then the principal's own ARN reaches nothing the cells show, and two rows
 * whose covering statements say the same things (effect, actions, resources, conditions: all but
 * Sid and Principal), in the same order with the same kind of match, under the same identity
 * policies, get the same keys, the same decisions, the same terms.
 */
import type { ConditionClause, EvaluationRequest, Policy, Statement } from '@kmsim/core';
import type { Caller } from '@kmsim/core/internal';
import type { RowPlan } from './rows.js';
import { isIdentityKeyName } from '../condition-space/identity.js';
import type { Covering } from './relevance.js';
import type { Cell, CellPoint } from './types.js';

const SHARED_KINDS = new Set<Caller['kind']>(['user', 'role']);

/** Values JSON writes exactly (equal text, equal values). */
const exactJson = (v: unknown): boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0));

/** Whether the clause reads only a varied, non-identity key, without policy variables. */
function rowFree(c: ConditionClause, isFree: (key: string) => boolean): boolean {
  if (typeof c.key !== 'string' || typeof c.operator !== 'string' || !Array.isArray(c.values)) return false;
  if (!isFree(c.key) || isIdentityKeyName(c.key)) return false;
  return c.values.every((v) => exactJson(v) && !(typeof v === 'string' && v.includes('${')));
}

/** Signatures of rows, and the cells of the first row with each. */
export class RowShare {
  private readonly contents = new WeakMap<Statement, string | null>();
  private readonly policies = new WeakMap<Policy, number>();
  private readonly cells = new Map<string, readonly Cell[]>();
  private nextId = 0;

  constructor(
    private readonly keyPolicy: Policy,
    private readonly grants: number,
    private readonly isFree: (key: string) => boolean,
  ) {}

  /** What a statement says, but for Sid and Principal (null: it reads something row-specific). */
  private content(s: Statement): string | null {
    let text = this.contents.get(s);
    if (text === undefined) {
      text = s.conditions.every((c) => rowFree(c, this.isFree))
        ? JSON.stringify([
            s.effect ?? null,
            s.action ?? null,
            s.notAction ?? null,
            s.resource ?? null,
            s.notResource ?? null,
            s.conditions.map((c) => [c.operator, c.key, c.values]),
          ])
        : null;
      this.contents.set(s, text);
    }
    return text;
  }

  private policyId(p: Policy): number | undefined {
    let id = this.policies.get(p);
    if (id === undefined) {
      if (!p.statements.every((s) => s.conditions.every((c) => rowFree(c, this.isFree)))) return undefined;
      id = this.nextId++;
      this.policies.set(p, id);
    }
    return id;
  }

  /** The row's signature, or undefined when its cells must be worked out on their own. */
  signature(plan: RowPlan, covering: readonly Covering[]): string | undefined {
    if (this.grants > 0 || plan.witnesses !== undefined || plan.incomplete !== undefined) return undefined;
    if (plan.callers.length !== 1 || plan.principals.length !== 1 || plan.principals[0] !== plan.arn) return undefined;
    const caller = plan.callers[0] as Caller;
    if (!SHARED_KINDS.has(caller.kind) || caller.arn !== plan.arn) return undefined;
    const parts: string[] = [caller.kind, caller.partition, String(caller.account)];
    for (const p of plan.identityPolicies) {
      const id = this.policyId(p);
      if (id === undefined) return undefined;
      parts.push(`p${id}`);
    }
    parts.push('|');
    for (const { index, match } of covering) {
      const s = this.keyPolicy.statements[index];
      const text = s ? this.content(s) : null;
      if (text === null) return undefined;
      parts.push(match, text);
    }
    return parts.join('\n');
  }

  /**
   * Whether the row's base context (what core derives from its principal) holds a key its clauses
   * read: then the principal reaches its cells after all, and they are not handed on.
   */
  readsBase(clauses: readonly ConditionClause[], base: ReadonlyMap<string, unknown>): boolean {
    return clauses.some((c) => base.has(c.key.toLowerCase()));
  }

  get(signature: string): readonly Cell[] | undefined {
    return this.cells.get(signature);
  }

  set(signature: string, cells: readonly Cell[]): void {
    this.cells.set(signature, cells);
  }
}

/**
 * Another row's cell, as this row's: its own principal, in the cell and in its requests. The
 * points and terms (read-only) are the other cell's lists: a matrix of many alike rows then holds
 * one copy of each (a cell's keys were already shared this way).
 */
export function cellFor(cell: Cell, rowId: string, principal: string): Cell {
  const requestFor = (point: CellPoint): EvaluationRequest => ({ ...cell.requestFor(point), principal });
  return { ...cell, principal: rowId, requestFor };
}

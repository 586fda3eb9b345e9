/**
 * The soundness audit of one matrix against core's evaluator, on concrete members of each row's
 * class (see members.ts):
 * (a) a cell that says never allowed (ExplicitDeny / ImplicitDeny) while core allows a member's request;
 * (b) a cell that says always allowed (Allow) while core denies a member under some context;
 * (c) a point whose request (`cell.requestFor`) core decides otherwise, or that cannot be sent:
 *     its principal not a member of the row's class, identity keys that do not go with it, keys
 *     the action does not support, an encryption context its key list contradicts.
 * (a) and (b) hold for complete cells; an incomplete cell must say why (`incompleteReason`).
 *
 * Members are evaluated as the audit assumes (issue 9): a principal of another account with an
 * identity policy allowing kms:* on *, a principal of the key's account with the IAM policies its
 * row states (none, or kms:*), the root user and service principals with none (IAM never limits them).
 * The input's guardrails (organization, boundaries, …) are given to core as they were to the
 * simulator; with an organization, the classes are drawn with it in mind (members.ts), and each of
 * its accounts other than the key's must have a row of its own.
 */
import {
  createEvaluator,
  guardrailsOf,
  type ContextValue,
  type DecisionKind,
  type EvaluationRequest,
  type Evaluator,
  type EvaluatorInput,
  type PolicyDocument,
} from '@kmsim/core';
import type { Cell, CellPoint, Matrix, PrincipalRow } from '@kmsim/simulator';
import { drawMember, identityProblem, membershipProblem, organizationAccounts, rowClasses, type RowClass } from './members.js';
import { drawRequestContext, requestProblem } from './requests.js';
import { rng } from './rng.js';

export interface AuditOptions {
  /** Random members (each with its own random request) per cell. */
  readonly samples: number;
  /** Points per cell whose requests are checked (every allowed point first). */
  readonly points: number;
}

type Iam = 'none' | 'allow-all';

const ALLOW_KMS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };

/** The IAM policies a row's members have under the audit assumption. */
function iamOf(row: PrincipalRow): Iam {
  if (row.origin === 'outsider' || row.origin === 'external-account') return 'allow-all';
  if (row.iam === 'given') throw new Error(`row ${row.id}: the adversarial audit has no identity policies to give`);
  return row.iam === 'allow-all' ? 'allow-all' : 'none';
}

const isService = (principal: string): boolean => !principal.startsWith('arn:');

interface Job {
  readonly row: PrincipalRow;
  readonly cell: Cell;
  readonly iam: Iam;
  readonly request: EvaluationRequest;
  readonly what: string;
  /** A violation for core's decision, or undefined. */
  readonly check: (decision: DecisionKind) => string | undefined;
}

const NEVER = new Set(['ExplicitDeny', 'ImplicitDeny']);

function describe(input: EvaluatorInput, row: PrincipalRow, cell: Cell, what: string, request: EvaluationRequest, problem: string): string {
  return [
    `${problem}`,
    `  row ${row.id} (${row.origin}, iam ${row.iam}) × ${cell.action}: ${cell.outcome}${cell.complete ? '' : ' (incomplete)'} — ${cell.summary}`,
    `  ${what}: ${JSON.stringify(request)}`,
    `  key policy: ${JSON.stringify(input.keyPolicy)}`,
    ...(input.organization ? [`  organization: ${JSON.stringify(input.organization)}`] : []),
  ].join('\n');
}

/** The points whose requests are checked: every allowed one first, then the others, up to `limit`. */
function pointsToCheck(cell: Cell, limit: number): CellPoint[] {
  const allowed = cell.points.filter((p) => p.decision === 'Allow');
  const others = cell.points.filter((p) => p.decision !== 'Allow');
  return [...allowed, ...others].slice(0, limit);
}

/** Every violation found in `matrix`; `seed` draws the members and their requests. */
export function audit(input: EvaluatorInput, matrix: Matrix, seed: number, options: AuditOptions): string[] {
  const random = rng(seed);
  const violations: string[] = [];
  const organization = input.organization;
  const classes = rowClasses(matrix, organization);
  if (!matrix.principals.some((r) => r.origin === 'outsider')) violations.push('the matrix has no outsider row: principals of other accounts are not covered');
  for (const account of organizationAccounts(organization)) {
    if (account !== matrix.key.arn.split(':')[4] && !matrix.principals.some((r) => r.origin === 'external-account' && r.account === account))
      violations.push(`the account ${account} of the organization has no row: its principals are not covered`);
  }
  const jobs: Job[] = [];
  const endpoints = Object.keys(input.vpcEndpointPolicies ?? {});

  matrix.principals.forEach((row, r) => {
    const cls = classes.get(row.id) as RowClass;
    const iam = iamOf(row);
    matrix.actions.forEach((column, a) => {
      const cell = matrix.cells[r * matrix.actions.length + a];
      if (!cell) return;
      const reason = (cell as { readonly incompleteReason?: string }).incompleteReason;
      if (!cell.complete && (reason === undefined || reason === '')) violations.push(`row ${row.id} × ${cell.action}: incomplete without an incompleteReason`);
      if (cell.complete && reason !== undefined) violations.push(`row ${row.id} × ${cell.action}: complete, yet incompleteReason "${reason}"`);

      // (c) the points' requests.
      for (const point of pointsToCheck(cell, options.points)) {
        let request: EvaluationRequest;
        try {
          request = cell.requestFor(point);
        } catch (e) {
          violations.push(`row ${row.id} × ${cell.action}: requestFor(${JSON.stringify(point.classes)}) throws: ${(e as Error).message}`);
          continue;
        }
        const context = request.context ?? {};
        const problem = membershipProblem(cls, request.principal) ?? identityProblem(request.principal, context) ?? requestProblem(cell.action, context);
        if (problem !== undefined) {
          violations.push(
            describe(
              input,
              row,
              cell,
              `request of a ${point.decision} point`,
              request,
              `(c) the request of a point cannot be sent by a member of the row: ${problem}`,
            ),
          );
          continue;
        }
        jobs.push({
          row,
          cell,
          iam,
          request,
          what: `request of a ${point.decision} point`,
          check: (d) => (d === point.decision ? undefined : `(c) the point says ${point.decision}, core says ${d} for its request`),
        });
      }

      // (a), (b): random members of the class with random requests.
      if (column.action.resource === 'alias-and-key') return;
      for (let i = 0; i < options.samples; i++) {
        const member = drawMember(random, cls, organization);
        const context: Record<string, ContextValue> = { ...drawRequestContext(random, column.name), ...member.identity };
        // Through an endpoint with a policy, or another one (drawn only when the input has endpoint policies).
        if (endpoints.length > 0 && random.chance(0.5)) context['aws:SourceVpce'] = random.pick([...endpoints, 'vpce-0000aaaa']);
        jobs.push({
          row,
          cell,
          iam,
          request: { principal: member.principal, action: column.name, context },
          what: "a member's request",
          check: (d) => {
            if (!cell.complete) return undefined;
            if (NEVER.has(cell.outcome) && d === 'Allow') return `(a) the cell says ${cell.outcome} (never allowed), but core allows a member of its class`;
            if (cell.outcome === 'Allow' && d !== 'Allow') return `(b) the cell says Allow (always allowed), but core says ${d} for a member of its class`;
            return undefined;
          },
        });
      }
    });
  });

  const allowAll = [...new Set(jobs.filter((j) => j.iam === 'allow-all' && !isService(j.request.principal)).map((j) => j.request.principal))];
  const base = { keyPolicy: input.keyPolicy, ...(input.key ? { key: input.key } : {}), ...guardrailsOf(input) };
  const evaluators: Record<Iam, Evaluator> = {
    none: createEvaluator(base),
    'allow-all': createEvaluator({ ...base, identityPolicies: Object.fromEntries(allowAll.map((p) => [p, [ALLOW_KMS]])) }),
  };
  for (const job of jobs) {
    let decision: DecisionKind;
    try {
      decision = evaluators[job.iam].evaluate(job.request).decision;
    } catch (e) {
      violations.push(describe(input, job.row, job.cell, job.what, job.request, `core cannot evaluate it: ${(e as Error).message}`));
      continue;
    }
    const problem = job.check(decision);
    if (problem !== undefined) violations.push(describe(input, job.row, job.cell, job.what, job.request, problem));
  }
  return violations;
}

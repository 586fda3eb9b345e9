/**
 * guardrail-only — only a guardrail keeps outsiders out.
 *
 * With guardrails given (an organization's RCPs and SCPs, boundaries, session or VPC endpoint
 * policies), the key policy is audited twice: as it is deployed, with the guardrails, and alone.
 * When the key policy alone lets the outsider rows in (public-access without the guardrails) and
 * the guardrails close some of those actions, one finding names, for each action they close, the
 * guardrail statement that denies it (core's decision on the cell's own request). Severity: medium —
 * nothing is open today, but one policy outside the key (an RCP detached, the key moved to the
 * management account, an account leaving the organization) is all that stands between the key and
 * the public.
 *
 * AWS: RCPs "help you to centrally establish a data perimeter"; the key policy is still the primary
 * control of a KMS key.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements
 */
import { guardrailLabel } from '@kmsim/core/internal';
import { evaluatorFor } from '../../input.js';
import { buildContext, type FindingContext } from '../context.js';
import { isOutsider } from '../rows.js';
import { listText } from '../text.js';
import type { Finding, FindingRule } from '../types.js';
import { rule as publicAccess } from './public-access.js';

const ID = 'guardrail-only';
const TITLE = 'Only a guardrail keeps outsiders out of the key';

/** The guardrail statements that deny the outsider row's action, by core's decision on the cell's own request. */
function closing(ctx: FindingContext, action: string): { readonly names: string[]; readonly reason: string } | undefined {
  const row = ctx.matrix.principals.find(isOutsider);
  const cell = row && ctx.matrix.cell(row.id, action);
  const point = cell?.points[0];
  if (!row || !cell || !point || cell.points.some((p) => p.decision === 'Allow')) return undefined;
  const request = cell.requestFor(point);
  const decision = evaluatorFor(ctx.prepared, request.principal, row.identityPolicies).evaluate(request);
  const refs = decision.deniedBy.filter((r) => r.source !== 'key-policy' && r.source !== 'identity-policy');
  return { names: [...new Set(refs.map(guardrailLabel))], reason: decision.reason };
}

function run(ctx: FindingContext): Finding[] {
  const { guardrails } = ctx.prepared;
  if (guardrails === undefined) return [];
  const { organization, permissionsBoundaries, sessionPolicies, vpcEndpointPolicies, ...alone } = ctx.input;
  void organization;
  void permissionsBoundaries;
  void sessionPolicies;
  void vpcEndpointPolicies;
  const open = publicAccess.run(buildContext(alone, {}));
  const actions = [...new Set(open.flatMap((f) => f.actions ?? []))];
  const closed = actions.flatMap((action) => {
    const by = closing(ctx, action);
    return by ? [{ action, ...by }] : [];
  });
  if (closed.length === 0) return [];
  const byGuardrail = new Map<string, string[]>();
  for (const c of closed) {
    const key = c.names.length ? listText(c.names) : c.reason;
    byGuardrail.set(key, [...(byGuardrail.get(key) ?? []), c.action]);
  }
  const statements = [...new Map(open.flatMap((f) => f.statements).map((s) => [s.index, s])).values()];
  const names = [...byGuardrail.keys()];
  const only = names.every((n) => n.startsWith('RCP')) ? 'your RCP' : 'a guardrail';
  return [
    {
      id: ID,
      severity: 'medium',
      title: TITLE,
      message: `Only ${only} keeps outsiders out: the key policy alone allows any principal of another account ${listText(closed.map((c) => c.action))}; ${[
        ...byGuardrail,
      ]
        .map(([guardrail, list]) => `${listText(list)} ${list.length === 1 ? 'is' : 'are'} denied by ${guardrail}`)
        .join('; ')}.`,
      statements,
      principals: ctx.matrix.principals.filter(isOutsider).map((r) => r.id),
      actions: closed.map((c) => c.action),
      fix: `Limit the key policy itself (a condition on aws:PrincipalOrgID or kms:CallerAccount in ${
        statements.length
          ? listText(statements.map((s) => (s.sid !== undefined ? `statement "${s.sid}"` : `statement #${s.index + 1}`)))
          : 'the statements with Principal "*"'
      }), so that the key stays closed if the guardrail is detached, the key's account leaves the organization or becomes its management account.`,
    },
  ];
}

export const rule: FindingRule = {
  id: ID,
  severity: 'medium',
  title: TITLE,
  checks:
    'With guardrails given: the key policy alone lets outsiders in (public-access without the guardrails) but a guardrail (an RCP, an SCP …) denies it; names the guardrail statement that closes each action.',
  docs: [
    'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements',
  ],
  run,
};

/**
 * Action and NotAction checks.
 *
 * Sources named below:
 * - ACTION: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * - GRAMMAR: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (action_string)
 * - PERMISSIONS: https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
 * - CHECKS: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { findAction, KMS_ACTIONS } from '../catalogue/index.js';
import type { KmsAction } from '../catalogue/types.js';
import { compileGlob, hasWildcard } from '../conditions/glob.js';
import { childPath } from '../parse/json-path.js';
import { get, has, q, stringEntries, type Entry, type StatementCheck, type ValidationContext } from './context.js';
import { didYouMean } from './suggest.js';

const ACTION_NAMES: readonly string[] = KMS_ACTIONS.map((a) => a.name);

/** KMS actions a pattern matches (IAM matches action names without regard to case: ACTION). */
function matching(pattern: string): KmsAction[] {
  const glob = compileGlob(pattern, true);
  return KMS_ACTIONS.filter((a) => glob(a.name));
}

function checkEntry(entry: Entry, element: 'Action' | 'NotAction', ctx: ValidationContext): void {
  const { value, path } = entry;
  if (value === '*') return;
  const colon = value.indexOf(':');
  if (colon < 0) {
    // GRAMMAR: an action_string "Consists of a service namespace, a colon, and the name of an action".
    const guess = findAction(`kms:${value}`);
    ctx.report(
      'action-unknown',
      'error',
      path,
      `${element} ${q(value)} has no service prefix: actions are written service:Name${guess ? `, here ${q(guess.name)}` : ''}`,
    );
    return;
  }
  const service = value.slice(0, colon);
  if (service.toLowerCase() !== 'kms' && !hasWildcard(service)) {
    // A key policy only controls access to its KMS key, i.e. kms: actions (PERMISSIONS); other
    // services' actions never match a request to KMS. Identity policies legitimately mix services.
    if (ctx.kind === 'key') {
      ctx.report(
        'action-not-kms',
        'warning',
        path,
        `${element} ${q(value)} is not a KMS action: a key policy only governs kms: actions, so it has no effect here`,
      );
    }
    return;
  }
  if (!hasWildcard(value)) {
    const action = findAction(value);
    if (!action) {
      // CHECKS: "Error – Invalid action: The action does not exist. Did you mean …?"
      ctx.report('action-unknown', 'error', path, `${element} ${q(value)} is not a KMS action.${didYouMean(value, ACTION_NAMES)}`);
      return;
    }
    // PERMISSIONS ("Policy type" column): IAM-only permissions such as kms:CreateKey, kms:ListKeys,
    // kms:ListAliases, kms:GenerateRandom and the custom key store actions are not effective in a key policy.
    if (ctx.kind === 'key' && element === 'Action' && !action.keyPolicy) {
      ctx.report(
        'action-iam-only',
        'warning',
        path,
        `${element} ${q(value)}: ${action.name} can only be allowed in an IAM policy; in a key policy it has no effect`,
      );
    }
    return;
  }
  const matched = matching(value);
  if (matched.length === 0) {
    ctx.report('action-unknown', 'warning', path, `${element} ${q(value)} matches no KMS action, so it has no effect.${didYouMean(value, ACTION_NAMES)}`);
    return;
  }
  if (ctx.kind === 'key' && element === 'Action' && matched.every((a) => !a.keyPolicy)) {
    ctx.report(
      'action-iam-only',
      'warning',
      path,
      `${element} ${q(value)} matches only IAM-only permissions (${matched.map((a) => a.name).join(', ')}), which have no effect in a key policy`,
    );
  }
}

const actions: StatementCheck = (stmt, raw, ctx) => {
  for (const element of ['Action', 'NotAction'] as const) {
    if (!has(raw, element)) continue;
    const path = childPath(stmt.path, element);
    const value = get(raw, element);
    if (Array.isArray(value) && value.length === 0) {
      // CHECKS: "Empty array action" — the statement matches no action.
      ctx.report('action-missing', 'warning', path, `${element} is an empty array: the statement matches no action`);
    }
    for (const entry of stringEntries(value, path, element, ctx)) checkEntry(entry, element, ctx);
  }
};

export const ACTION_CHECKS: readonly StatementCheck[] = [actions];

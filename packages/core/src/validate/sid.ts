/**
 * Sid checks.
 * - IAM_SID: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
 * - KEY_POLICY_FORMAT: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-format
 */
import { childPath } from '../parse/json-path.js';
import { get, q, type StatementCheck, type ValidationContext } from './context.js';

const IAM_SID = /^[A-Za-z0-9]*$/;

/**
 * Rules:
 * - An empty Sid is pointless (Access Analyzer: "Suggestion – Empty Sid value"): warning.
 * - Identity policies: "The Sid element supports ASCII uppercase letters (A-Z), lowercase letters
 *   (a-z), and numbers (0-9)" (IAM_SID): other characters → warning (as the brief asks; IAM's
 *   API rejects them with "Statement IDs (SID) must be alpha-numeric").
 * - Key policies: "The Sid element in a key policy statement can include spaces" and is "an
 *   arbitrary string" (KEY_POLICY_FORMAT); only the document character set applies, checked on the text.
 */
const sidFormat: StatementCheck = (stmt, raw, ctx) => {
  const sid = get(raw, 'Sid');
  if (typeof sid !== 'string') return;
  const path = childPath(stmt.path, 'Sid');
  if (sid === '') {
    ctx.report('sid-invalid', 'warning', path, 'Sid is an empty string: give the statement a name or remove Sid');
    return;
  }
  if (ctx.kind === 'identity' && !IAM_SID.test(sid)) {
    ctx.report(
      'sid-invalid',
      'warning',
      path,
      `Sid ${q(sid)} has characters IAM does not allow in an identity policy Sid: only A-Z, a-z and 0-9 (no spaces or punctuation)`,
    );
  }
};

export const SID_CHECKS: readonly StatementCheck[] = [sidFormat];

/**
 * Rule: Sids are unique within a policy. IAM: "In IAM, the Sid value must be unique within a JSON
 * policy" (IAM_SID) → error in identity policies. The KMS guide does not say whether key
 * policies need unique Sids → warning there.
 */
export function checkDuplicateSids(ctx: ValidationContext): void {
  const seen = new Map<string, string>();
  for (const stmt of ctx.policy.statements) {
    if (stmt.sid === undefined || stmt.sid === '') continue;
    const first = seen.get(stmt.sid);
    if (first === undefined) {
      seen.set(stmt.sid, stmt.path);
      continue;
    }
    ctx.report(
      'sid-duplicate',
      ctx.kind === 'identity' ? 'error' : 'warning',
      childPath(stmt.path, 'Sid'),
      `Sid ${q(stmt.sid)} is used again (first at ${first}): statement IDs must be unique within a policy`,
    );
  }
}

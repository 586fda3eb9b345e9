/**
 * Resource and NotResource checks.
 *
 * Sources named below:
 * - KEY_POLICY_ELEMENTS: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements
 *   ("In a key policy, the value of the Resource element is "*", which means "this KMS key"")
 * - NOTICE: AWS Health notice of 2025 (quoted in https://github.com/ministryofjustice/analytical-platform/issues/7691):
 *   "the only accepted Resource element value in a KMS key policy is "*""
 * - RESOURCE: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * - ARNS: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 * - KMS_ARNS: https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN (key/… and alias/…)
 * - CHECKS: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { hasWildcard } from '../conditions/glob.js';
import { childPath } from '../parse/json-path.js';
import { get, has, q, stringEntries, type Entry, type StatementCheck, type ValidationContext } from './context.js';

/**
 * Rule (key policies): Resource is "*" (KEY_POLICY_ELEMENTS, NOTICE). The key's own ARN names the
 * same key, so with `options.keyArn` it is only a warning; anything else names a different key
 * (or, without a known key ARN, cannot be shown to be this key) → error.
 */
function keyPolicyResource(entry: Entry, ctx: ValidationContext): void {
  if (entry.value === '*') return;
  const keyArn = ctx.options.keyArn;
  if (keyArn !== undefined && entry.value === keyArn) {
    ctx.report(
      'resource-not-this-key',
      'warning',
      entry.path,
      `Resource ${q(entry.value)} is this key's ARN; in a key policy write "Resource": "*" (KMS only documents "*" for key policies)`,
    );
    return;
  }
  ctx.report(
    'resource-not-this-key',
    'error',
    entry.path,
    keyArn !== undefined
      ? `Resource ${q(entry.value)} does not name this key (${keyArn}); in a key policy the Resource must be "*", meaning "this KMS key"`
      : `Resource ${q(entry.value)} is not "*": in a key policy the Resource must be "*", meaning "this KMS key"`,
  );
}

const PARTITION = /^aws(-[a-z]+)*$/;
const KMS_RESOURCE = /^(key|alias)\//;

/**
 * Rules (identity policies): a resource is "*" or an ARN arn:partition:service:region:account:resource
 * (RESOURCE, ARNS; CHECKS: "Invalid ARN prefix", "Missing ARN field", "Invalid ARN account").
 * A trailing `*` may span colons (RESOURCE: "it can expand to match beyond the colon boundaries").
 * No wildcard in the service segment (RESOURCE). KMS ARNs name `key/…` or `alias/…` and have a
 * Region and an account (KMS_ARNS).
 */
function arnProblem(value: string): string | undefined {
  if (value === '*') return undefined;
  if (!value.startsWith('arn:')) return 'it is neither "*" nor an ARN (arn:partition:service:region:account:resource)';
  const parts = value.split(':');
  if (parts.length < 6 && !value.endsWith('*')) return 'an ARN has six fields: arn:partition:service:region:account:resource';
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (!hasWildcard(partition) && !PARTITION.test(partition)) return `${q(partition)} is not a partition (aws, aws-cn, aws-us-gov, …)`;
  if (service === '' || hasWildcard(service)) return 'the service field must name a service; wildcards are not allowed there';
  if (parts.length < 6) return undefined;
  if (account !== '' && !hasWildcard(account) && !/^\d{12}$/.test(account)) return `account ${q(account)} is not a 12-digit account ID`;
  if (service === 'kms') {
    if (region === '') return 'KMS ARNs include a Region';
    if (account === '') return 'KMS ARNs include an account ID';
    if (!hasWildcard(resource) && !KMS_RESOURCE.test(resource)) return `KMS resources are key/<key-id> or alias/<name>, not ${q(resource)}`;
  }
  return undefined;
}

const resources: StatementCheck = (stmt, raw, ctx) => {
  for (const element of ['Resource', 'NotResource'] as const) {
    if (!has(raw, element)) continue;
    const path = childPath(stmt.path, element);
    const value = get(raw, element);
    if (ctx.kind === 'key' && element === 'NotResource') {
      ctx.report(
        'resource-not-this-key',
        'error',
        path,
        'NotResource cannot be used in a key policy: the only accepted value is "Resource": "*" (this KMS key)',
      );
      continue;
    }
    if (Array.isArray(value) && value.length === 0) {
      // CHECKS: "Empty array resource": the statement applies to no resource.
      ctx.report(
        'resource-missing',
        ctx.kind === 'key' ? 'error' : 'warning',
        path,
        `${element} is an empty array: the statement applies to no resource${ctx.kind === 'key' ? '; a key policy needs "Resource": "*"' : ''}`,
      );
    }
    for (const entry of stringEntries(value, path, element, ctx)) {
      if (ctx.kind === 'key') {
        keyPolicyResource(entry, ctx);
        continue;
      }
      const problem = arnProblem(entry.value);
      if (problem) ctx.report('resource-malformed-arn', 'error', entry.path, `${element} ${q(entry.value)} is malformed: ${problem}`);
    }
  }
};

export const RESOURCE_CHECKS: readonly StatementCheck[] = [resources];

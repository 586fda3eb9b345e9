/**
 * `--org-file`, `--scp`, `--rcp`, `--boundary`, `--live-org`: the guardrails around the key, read by
 * `@kmsim/loaders` (`loadGuardrails`, `loadLiveOrganization`) and added to what the key's own file
 * gives (a scenario case's guardrails). Every problem is a one-line LoadError or UsageError.
 */
import type { GuardrailsInput } from '@kmsim/core';
import { loadGuardrails, loadLiveOrganization, type AttachedPolicyFile } from '@kmsim/loaders';
import { hasGuardrailFlags, type GuardrailFlags } from './guardrail-flags.js';
import { UsageError } from './usage-error.js';

export { hasGuardrailFlags, type GuardrailFlags } from './guardrail-flags.js';

/** `r-…=`, `ou-…=` or an account id and `=`: where the file is attached (the loader checks the id against the organization). */
const TARGET = /^(r-[^=/]+|ou-[^=/]+|\d{12})=(.+)$/u;

function attached(value: string): AttachedPolicyFile {
  const m = TARGET.exec(value);
  return m ? { target: m[1] as string, file: m[2] as string } : { file: value };
}

function boundary(value: string): { principal: string; file: string } {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1)
    throw new UsageError('--boundary', `"${value}" is not ARN=FILE (e.g. arn:aws:iam::111122223333:role/App=boundary.json)`);
  return { principal: value.slice(0, at), file: value.slice(at + 1) };
}

/** The key's guardrails (`base`, from its file) with the flags' added; `base` itself when no flag is given. */
export async function applyGuardrailFlags(base: GuardrailsInput, keyAccount: string | undefined, flags: GuardrailFlags): Promise<GuardrailsInput> {
  if (!hasGuardrailFlags(flags)) return base;
  if (flags.liveOrg && flags.orgFile !== undefined) throw new UsageError('--live-org', 'reads the organization from AWS; do not also give --org-file');
  let from = base;
  if (flags.liveOrg) {
    if (flags.profile) process.env['AWS_PROFILE'] = flags.profile;
    const organization = await loadLiveOrganization({
      ...(flags.region ? { region: flags.region } : {}),
      ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
      ...(flags.timeout !== undefined ? { timeoutMs: Math.round(flags.timeout * 1000) } : {}),
    });
    from = { ...base, organization };
  }
  return loadGuardrails({
    base: from,
    ...(flags.orgFile !== undefined ? { organizationFile: flags.orgFile } : {}),
    scps: (flags.scp ?? []).map(attached),
    rcps: (flags.rcp ?? []).map(attached),
    boundaries: (flags.boundary ?? []).map(boundary),
    ...(keyAccount !== undefined ? { keyAccount } : {}),
  });
}

/**
 * The grants of a loaded key, checked once by core's `validateGrant`: a grant the evaluator cannot
 * read is a LoadError; what CreateGrant would refuse is kept as `grantDiagnostics` on the key.
 */
import { validateGrant, type Diagnostic, type KeyAttributes } from '@kmsim/core';
import { LoadError } from './errors.js';
import { childPath } from './json-path.js';

export interface GrantsOrigin {
  readonly source: string;
  readonly resource?: string;
  /** JSON path of the grant list (`$[0].grants` in a scenario file; `$.grants` for the key's own list). */
  readonly path: string;
}

/**
 * Diagnostics of every grant (paths under `origin.path`), or a LoadError for the first grant that
 * cannot be evaluated. `legacyServiceGrantees`: positions of grants whose service principal came in
 * ListGrants' GranteePrincipal field (grants AWS services made before GranteeServicePrincipal
 * existed): the rules for GranteeServicePrincipal (SourceArn, retiring principal) are not theirs.
 */
export function checkGrants(
  grants: readonly unknown[],
  key: Pick<KeyAttributes, 'keySpec' | 'keyUsage'> | undefined,
  origin: GrantsOrigin,
  legacyServiceGrantees: ReadonlySet<number> = new Set(),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [i, g] of grants.entries()) {
    const found = validateGrant(g, key, { path: childPath(origin.path, i) });
    const invalid = found.find((d) => d.code === 'grant-invalid');
    if (invalid) {
      throw new LoadError(origin.source, 'format', invalid.message, {
        ...(origin.resource !== undefined ? { resource: origin.resource } : {}),
        path: invalid.path,
      });
    }
    const legacy = legacyServiceGrantees.has(i);
    out.push(...found.filter((d) => !(legacy && d.code.startsWith('grant-service-grantee-'))));
  }
  return out;
}

/**
 * assertOnlyVia: an action is allowed only through the listed AWS services. For every principal
 * (biased towards the ones that can get Allow) and every context whose kms:ViaService is absent
 * or another service, the decision must be a deny.
 */
import { hasWildcard, type ContextRecord, type ContextValue } from '@kmsim/core';
import { wildcardElems } from '@kmsim/core/internal';
import fc, { type Arbitrary } from 'fast-check';
import { arbContext, arbViaService } from '../arbitraries/context.js';
import { keyFacts } from '../arbitraries/key-facts.js';
import { arbRequest } from '../arbitraries/request.js';
import type { KeyLike } from '../key-under-test.js';
import { runProperty, type PropertyParameters } from './run.js';

export interface OnlyViaOptions {
  /** Default: any principal, biased towards the key's. */
  readonly principal?: string | Arbitrary<string>;
  /** The rest of the context (its kms:ViaService is replaced). Default: the key's condition keys. */
  readonly context?: Arbitrary<ContextRecord>;
  /** Evaluate policies AWS would reject as written (default: a KmsimPolicyError naming each error). */
  readonly allowInvalid?: boolean;
}

const VIA = 'kms:viaservice';

/** Two instances of a `*`/`?` pattern (core's wildcard elements): every wildcard as `x`, and stars as nothing. */
function instancesOf(pattern: string): string[] {
  const elems = wildcardElems(pattern, 'glob');
  const spell = (star: string): string => elems.map((e) => (e.kind === 'char' ? e.ch : e.kind === 'star' ? star : 'x')).join('');
  return [spell('x'), spell('')];
}

/** kms:ViaService values the policies mention (literals, pattern instances) that are not listed. */
function otherServices(key: KeyLike, listed: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const c of keyFacts(key).clauses) {
    if (c.key.toLowerCase() !== VIA) continue;
    for (const v of c.values) {
      const text = String(v);
      for (const candidate of hasWildcard(text) ? instancesOf(text) : [text]) {
        if (!listed.has(candidate.toLowerCase())) out.add(candidate);
      }
    }
  }
  return [...out];
}

function withVia(context: ContextRecord, via: string | undefined): ContextRecord {
  const out: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() !== VIA) out[k] = v;
  if (via !== undefined) out['kms:ViaService'] = via;
  return out;
}

export function assertOnlyVia(
  key: KeyLike,
  action: string | readonly string[],
  services: readonly string[],
  options: OnlyViaOptions = {},
  params?: PropertyParameters,
): void {
  const listed = new Set(services.map((s) => s.toLowerCase()));
  const mentioned = otherServices(key, listed);
  const generic = arbViaService({ exclude: services });
  const other: Arbitrary<string> = mentioned.length
    ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...mentioned) }, { weight: 1, arbitrary: generic })
    : generic;
  const rest = options.context ?? arbContext(key, { exclude: ['kms:ViaService'] });
  const context = fc.tuple(rest, fc.option(other, { nil: undefined })).map(([c, via]) => withVia(c, via));
  const actions = typeof action === 'string' ? action : [...action];
  runProperty({
    name: 'assertOnlyVia',
    from: assertOnlyVia,
    key,
    requests: arbRequest(key, { ...(options.principal !== undefined ? { principal: options.principal } : {}), action: actions, context }),
    expected: 'Deny',
    params,
    invalid: options,
    headline: (r) => {
      const via = Object.entries(r.context).find(([k]) => k.toLowerCase() === VIA)?.[1];
      return `assertOnlyVia: ${r.action} is allowed for ${r.principal} ${
        via === undefined ? 'without kms:ViaService' : `with kms:ViaService = ${String(via)}`
      }, which is not one of ${services.join(', ')}`;
    },
  });
}

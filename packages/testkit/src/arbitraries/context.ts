/**
 * Request contexts. With a key, every free condition key its policies test (not the derived ones
 * such as aws:PrincipalArn, which come from the principal) may appear, with values biased towards
 * the simulator's condition classes: policy literals, instances of `StringLike` patterns, the
 * values around numeric and date bounds, inside/outside CIDRs. Every key is optional, so a
 * counterexample shrinks to the keys that matter.
 */
import { findConditionKey, parseOperator, type ConditionClause, type ContextRecord, type ContextScalar, type ContextValue } from '@kmsim/core';
import { consistentEncryptionContext, ENCRYPTION_CONTEXT_PREFIX } from '@kmsim/core/internal';
import { partitionConditionSpace, type KeySpace } from '@kmsim/simulator';
import fc, { type Arbitrary } from 'fast-check';
import { isFreeKey } from '../assertions/closest-change.js';
import type { KeyLike } from '../key-under-test.js';
import { keyFacts } from './key-facts.js';
import { SERVICE_NAMES } from './principals.js';

export interface ContextOptions {
  /** Condition keys never generated (the caller adds its own, e.g. assertOnlyVia for kms:ViaService). */
  readonly exclude?: readonly string[];
}

const TEXT_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-.'.split('');
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];

const arbText = (): Arbitrary<string> => fc.string({ unit: fc.constantFrom(...TEXT_CHARS), maxLength: 10 });

export interface ViaServiceOptions {
  /** Values never generated (compared without case). */
  readonly exclude?: readonly string[];
  readonly regions?: readonly string[];
}

/** kms:ViaService values: `<service>.<region>.amazonaws.com`. */
export function arbViaService(options: ViaServiceOptions = {}): Arbitrary<string> {
  const exclude = new Set((options.exclude ?? []).map((s) => s.toLowerCase()));
  const regions = options.regions?.length ? options.regions : REGIONS;
  return fc
    .tuple(fc.constantFrom(...SERVICE_NAMES), fc.constantFrom(...regions))
    .map(([s, r]) => `${s}.${r}.amazonaws.com`)
    .filter((v) => !exclude.has(v.toLowerCase()));
}

type ValueType = 'String' | 'Numeric' | 'Date' | 'IPAddress' | 'Bool';

/** The value types a key is read as: its catalogue type and the families of the operators used on it. */
function valueTypes(space: KeySpace, clauses: readonly ConditionClause[]): ValueType[] {
  const types = new Set<ValueType>();
  const add = (t: string): void => {
    if (t === 'Numeric' || t === 'Date' || t === 'IPAddress' || t === 'Bool') types.add(t);
    else if (t !== 'Null') types.add('String');
  };
  add(space.type);
  for (const c of clauses) {
    if (c.key.toLowerCase() !== space.key.toLowerCase()) continue;
    // An operator core does not know (the validator reports it) adds nothing.
    const family = parseOperator(String(c.operator))?.base.family;
    if (family) add(family);
  }
  return [...types];
}

function genericArb(type: ValueType, key: string): Arbitrary<ContextScalar> {
  switch (type) {
    case 'Bool':
      return fc.boolean();
    case 'Numeric':
      return fc.integer({ min: 0, max: 100_000 });
    case 'Date':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'IPAddress':
      return fc.ipV4();
    case 'String':
      return key.toLowerCase() === 'kms:viaservice' ? arbViaService() : arbText();
  }
}

function scalarArb(space: KeySpace, types: readonly ValueType[], literals: readonly ContextScalar[]): Arbitrary<ContextScalar> {
  const generics = types.map((t) => genericArb(t, space.key));
  const generic = generics.length === 1 && generics[0] ? generics[0] : fc.oneof(...generics);
  return literals.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...literals) }, { weight: 1, arbitrary: generic }) : generic;
}

function valueArb(space: KeySpace, clauses: readonly ConditionClause[]): Arbitrary<ContextValue> {
  const types = valueTypes(space, clauses);
  const witnesses = space.classes.map((c) => c.value).filter((v): v is ContextValue => v !== undefined);
  const scalars = witnesses.filter((v): v is ContextScalar => !Array.isArray(v));
  const sets = witnesses.filter((v): v is readonly ContextScalar[] => Array.isArray(v));
  if (!space.multiValued) return scalarArb(space, types, scalars);
  const elements = [...new Set(sets.flat())];
  const anySet = fc.uniqueArray(scalarArb(space, types, elements), { maxLength: 3 });
  return sets.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...sets) }, { weight: 1, arbitrary: anySet }) : anySet;
}

/** The context keys and value arbitraries for a key's policies (or a few common keys without one). */
function model(key: KeyLike | undefined): Record<string, Arbitrary<ContextValue>> {
  const out: Record<string, Arbitrary<ContextValue>> = {};
  if (key === undefined) {
    out['kms:ViaService'] = arbViaService();
    out[`${ENCRYPTION_CONTEXT_PREFIX}app`] = arbText();
    out['kms:GrantIsForAWSResource'] = fc.boolean();
    out['aws:SecureTransport'] = fc.boolean();
    out['aws:SourceIp'] = fc.ipV4();
    return out;
  }
  const facts = keyFacts(key);
  const spaces = partitionConditionSpace(facts.clauses, { policyVersion: facts.policyVersion ?? '2012-10-17', isFree: isFreeKey });
  for (const space of spaces) {
    // Prefix keys of the catalogue with no suffix (`kms:EncryptionContext:`) are not request keys.
    if (findConditionKey(space.key)?.prefix && findConditionKey(space.key)?.name.toLowerCase() === space.key.toLowerCase()) continue;
    out[space.key] = valueArb(space, facts.clauses);
  }
  return out;
}

/** kms:EncryptionContextKeys lists exactly the request's encryption context keys (when either is present): core's rule. */
export { consistentEncryptionContext };

/**
 * Request contexts for a key's policies (or, without a key, over a few common KMS keys). Every
 * key is optional and shrinks away; encryption context pairs and kms:EncryptionContextKeys agree.
 */
export function arbContext(key?: KeyLike, options: ContextOptions = {}): Arbitrary<ContextRecord> {
  const exclude = new Set((options.exclude ?? []).map((k) => k.toLowerCase()));
  const entries = Object.entries(model(key)).filter(([k]) => !exclude.has(k.toLowerCase()));
  if (entries.length === 0) return fc.constant({});
  const record: Record<string, Arbitrary<ContextValue>> = Object.fromEntries(entries);
  return fc.record(record, { requiredKeys: [] }).map((r) => {
    const out: Record<string, ContextValue> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
    return consistentEncryptionContext(out);
  });
}

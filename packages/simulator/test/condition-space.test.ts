/**
 * The condition space: classes of values per condition key. Examples for each operator family,
 * then a property: for random clause sets on one key, every concrete value behaves like the
 * witness of some class (completeness) and no two witnesses behave alike (minimality). Behaviour
 * is always core's own `compileClause`.
 */
import {
  compileClause,
  findConditionKey,
  parseOperator,
  type ConditionClause,
  type ConditionValue,
  type ContextRecord,
  type ContextScalar,
  type ContextValue,
} from '@kmsim/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionConditionSpace, type KeySpace } from '../src/condition-space/index.js';

const numRuns = Number(process.env['KMSIM_FC_RUNS'] ?? 1000);
const V2012 = '2012-10-17';

const clause = (operator: string, key: string, ...values: ConditionValue[]): ConditionClause => ({
  operator,
  key,
  values,
  path: `$.Statement[0].Condition.${operator}["${key}"]`,
});

/** Only key of a result, checked to be the only one. */
function only(spaces: readonly KeySpace[]): KeySpace {
  expect(spaces).toHaveLength(1);
  const [space] = spaces;
  if (!space) throw new Error('no key space');
  return space;
}

const summary = (space: KeySpace): [string, string, ContextValue | undefined][] => space.classes.map((c) => [c.id, c.label, c.value]);

/** The bits core's evaluator gives a value, one per clause (the same context layering as the evaluator). */
function signatureOf(
  clauses: readonly ConditionClause[],
  key: string,
  value: ContextValue | undefined,
  version: string | undefined,
  base: ContextRecord,
): string {
  const layers: ContextRecord[] = value === undefined ? [base] : [{ [key]: value }, base];
  const context = {
    get(name: string): ContextValue | undefined {
      for (const layer of layers) {
        const hit = Object.keys(layer).find((k) => k.toLowerCase() === name.toLowerCase());
        if (hit !== undefined && layer[hit] !== undefined) return layer[hit];
      }
      return undefined;
    },
  };
  return clauses.map((c) => (compileClause(c, version).test(context) ? '1' : '0')).join('');
}

describe('partitionConditionSpace: examples', () => {
  it('StringEquals with two literals in one clause: the literals form one class, absent and any other value the other', () => {
    const space = only(partitionConditionSpace([clause('StringEquals', 'kms:ViaService', 'ec2.us-west-2.amazonaws.com', 'rds.us-west-2.amazonaws.com')]));
    expect(space).toMatchObject({ key: 'kms:ViaService', type: 'String', multiValued: false });
    expect(summary(space)).toEqual([
      ['absent', 'absent or any other value', undefined],
      ['eq:ec2.us-west-2.amazonaws.com', 'ec2.us-west-2.amazonaws.com or rds.us-west-2.amazonaws.com', 'ec2.us-west-2.amazonaws.com'],
    ]);
  });

  it('StringEquals literals in separate clauses, with Null: absent, each literal, any other value', () => {
    const space = only(
      partitionConditionSpace([
        clause('StringEquals', 'kms:ViaService', 'ec2.us-west-2.amazonaws.com'),
        clause('StringEquals', 'kms:ViaService', 'rds.us-west-2.amazonaws.com'),
        clause('Null', 'kms:ViaService', 'false'),
      ]),
    );
    expect(summary(space)).toEqual([
      ['absent', 'absent', undefined],
      ['eq:ec2.us-west-2.amazonaws.com', 'ec2.us-west-2.amazonaws.com', 'ec2.us-west-2.amazonaws.com'],
      ['eq:rds.us-west-2.amazonaws.com', 'rds.us-west-2.amazonaws.com', 'rds.us-west-2.amazonaws.com'],
      ['other', 'any other value', 'other'],
    ]);
  });

  it('StringLike gives a witness that matches the pattern and is no literal; overlapping patterns get a witness for both', () => {
    const space = only(
      partitionConditionSpace([clause('StringLike', 'kms:SigningAlgorithm', 'RSA*'), clause('StringNotLike', 'kms:SigningAlgorithm', '*_256')]),
    );
    const byId = new Map(space.classes.map((c) => [c.id, c]));
    const rsa = byId.get('like:RSA*');
    expect(rsa?.label).toBe('a value matching RSA*');
    expect(rsa?.value).toMatch(/^RSA/);
    expect(rsa?.value).not.toBe('RSA*');
    const both = byId.get('like:RSA* and *_256');
    expect(both?.value).toMatch(/^RSA.*_256$/);
    expect(space.classes).toHaveLength(4); // absent/other, RSA*, *_256, both
  });

  it('NumericLessThanEquals alone: at most and above; with NumericGreaterThanEquals: below, exactly, above', () => {
    const le = only(partitionConditionSpace([clause('NumericLessThanEquals', 'kms:RotationPeriodInDays', '180')]));
    expect(summary(le)).toEqual([
      ['absent', 'absent or above 180', undefined],
      ['le:180', 'at most 180', 180],
    ]);
    const both = only(
      partitionConditionSpace([
        clause('NumericLessThanEquals', 'kms:RotationPeriodInDays', '180'),
        clause('NumericGreaterThanEquals', 'kms:RotationPeriodInDays', 180),
      ]),
    );
    expect(summary(both)).toEqual([
      ['absent', 'absent', undefined],
      ['eq:180', 'exactly 180', 180],
      ['lt:180', 'below 180', 179],
      ['gt:180', 'above 180', 181],
    ]);
  });

  it('NumericLessThan with two bounds gives the run between them', () => {
    const space = only(
      partitionConditionSpace([clause('NumericLessThan', 'kms:RotationPeriodInDays', '365'), clause('NumericGreaterThan', 'kms:RotationPeriodInDays', '90')]),
    );
    expect(space.classes.map((c) => c.label)).toContain('between 90 and 365');
    expect(space.classes.map((c) => c.id)).toContain('gt:90,lt:365');
  });

  it('Date operators give before, at and after, as ISO 8601 witnesses one second away', () => {
    const at = '2025-01-01T00:00:00Z';
    const space = only(
      partitionConditionSpace([
        clause('DateGreaterThan', 'kms:ValidTo', at),
        clause('DateLessThan', 'kms:ValidTo', at),
        clause('DateEquals', 'kms:ValidTo', at),
      ]),
    );
    expect(summary(space)).toEqual([
      ['absent', 'absent', undefined],
      [`eq:${at}`, `exactly ${at}`, at],
      [`lt:${at}`, `before ${at}`, '2024-12-31T23:59:59Z'],
      [`gt:${at}`, `after ${at}`, '2025-01-01T00:00:01Z'],
    ]);
  });

  it('IpAddress with nested CIDRs: inside the inner block, inside the outer only, outside', () => {
    const space = only(partitionConditionSpace([clause('IpAddress', 'aws:SourceIp', '10.0.0.0/8'), clause('NotIpAddress', 'aws:SourceIp', '10.1.0.0/16')]));
    expect(summary(space)).toEqual([
      ['absent', 'absent or any other address', undefined],
      ['in:10.0.0.0/8!10.1.0.0/16', 'inside 10.0.0.0/8 but not 10.1.0.0/16', '10.0.0.0'],
      ['in:10.1.0.0/16', 'inside 10.1.0.0/16', '10.1.0.0'],
    ]);
    const v6 = only(
      partitionConditionSpace([clause('IpAddress', 'aws:SourceIp', '2001:db8::/32'), clause('IpAddressIfExists', 'aws:SourceIp', '203.0.113.0/24')]),
    );
    // Absent satisfies the IfExists clause only, like an address inside 203.0.113.0/24.
    expect(summary(v6)).toEqual([
      ['absent', 'absent or inside 203.0.113.0/24', undefined],
      ['in:2001:db8::/32', 'inside 2001:db8::/32', '2001:db8::'],
      ['outside', 'any other address', '198.51.100.7'],
    ]);
  });

  it('Bool: true and false', () => {
    // aws:SecureTransport is in every request: no absent class.
    const secure = only(partitionConditionSpace([clause('Bool', 'aws:SecureTransport', 'false')]));
    expect(summary(secure)).toEqual([
      ['false', 'false', false],
      ['true', 'true', true],
    ]);
    const maybeAbsent = only(partitionConditionSpace([clause('Bool', 'aws:SecureTransport', 'false')], { alwaysPresent: () => false }));
    expect(summary(maybeAbsent)).toEqual([
      ['absent', 'absent or true', undefined],
      ['false', 'false', false],
    ]);
    const mfa = only(
      partitionConditionSpace([clause('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true'), clause('Bool', 'aws:MultiFactorAuthPresent', 'true')]),
    );
    expect(summary(mfa)).toEqual([
      ['absent', 'absent', undefined],
      ['true', 'true', true],
      ['false', 'false', false],
    ]);
  });

  it('ForAnyValue/ForAllValues on kms:EncryptionContextKeys: empty set, each key alone, all together, with another value', () => {
    const space = only(
      partitionConditionSpace([
        clause('ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', 'AppName'),
        clause('ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', 'Project'),
        clause('ForAllValues:StringEquals', 'kms:EncryptionContextKeys', 'AppName', 'Project'),
      ]),
    );
    expect(space.multiValued).toBe(true);
    expect(summary(space)).toEqual([
      ['absent', 'absent or empty set', undefined],
      ['set:AppName', '{AppName}', ['AppName']],
      ['set:Project', '{Project}', ['Project']],
      ['set:AppName+Project', '{AppName, Project}', ['AppName', 'Project']],
      ['set:other', '{another value}', ['other']],
      ['set:AppName+other', '{AppName, another value}', ['AppName', 'other']],
      ['set:Project+other', '{Project, another value}', ['Project', 'other']],
      ['set:AppName+Project+other', '{AppName, Project, another value}', ['AppName', 'Project', 'other']],
    ]);
  });

  it('a set operator makes a single-valued key multi-valued', () => {
    const space = only(partitionConditionSpace([clause('ForAllValues:StringLike', 'kms:ViaService', 'ec2.*')]));
    expect(space.multiValued).toBe(true);
    expect(summary(space)).toEqual([
      ['absent', 'absent or empty set or {a value matching ec2.*}', undefined],
      ['set:other', '{another value}', ['other']],
    ]);
  });

  it('Null: absent and present', () => {
    const space = only(partitionConditionSpace([clause('Null', 'kms:ViaService', 'true')]));
    expect(summary(space)).toEqual([
      ['absent', 'absent', undefined],
      ['other', 'any value', 'other'],
    ]);
    const ip = only(partitionConditionSpace([clause('Null', 'aws:SourceIp', 'false')]));
    expect(summary(ip)).toEqual([
      ['absent', 'absent', undefined],
      ['outside', 'any value', '198.51.100.7'],
    ]);
  });

  it('a policy variable gives the witness the base context resolves it to', () => {
    const clauses = [clause('StringEquals', 'kms:EncryptionContext:Department', '${aws:PrincipalTag/Department}')];
    const resolved = only(partitionConditionSpace(clauses, { policyVersion: V2012, base: { 'aws:PrincipalTag/Department': 'Finance' } }));
    expect(summary(resolved)).toEqual([
      ['absent', 'absent or any other value', undefined],
      ['eq:Finance', 'Finance (${aws:PrincipalTag/Department})', 'Finance'],
    ]);
    // Without a value for the variable the clause matches nothing.
    expect(summary(only(partitionConditionSpace(clauses, { policyVersion: V2012 })))).toEqual([['absent', 'absent or any value', undefined]]);
    // Under another policy version the text is literal.
    expect(summary(only(partitionConditionSpace(clauses, { base: { 'aws:PrincipalTag/Department': 'Finance' } })))[1]?.[2]).toBe(
      '${aws:PrincipalTag/Department}',
    );
  });

  it('groups keys case-insensitively, keeps the first spelling and sorts keys case-insensitively', () => {
    const spaces = partitionConditionSpace([
      clause('StringEquals', 'kms:viaservice', 'ec2.us-west-2.amazonaws.com'),
      clause('StringEquals', 'Aws:SourceVpce', 'vpce-1'),
      clause('StringNotEquals', 'kms:ViaService', 'rds.us-west-2.amazonaws.com'),
    ]);
    expect(spaces.map((s) => s.key)).toEqual(['Aws:SourceVpce', 'kms:viaservice']);
    expect(spaces[1]?.classes.map((c) => c.value)).toEqual([undefined, 'ec2.us-west-2.amazonaws.com', 'rds.us-west-2.amazonaws.com']);
    expect(spaces[1]?.classes.every((c) => c.key === 'kms:viaservice')).toBe(true);
  });

  it('skips keys that are not free', () => {
    const spaces = partitionConditionSpace([clause('StringEquals', 'kms:CallerAccount', '111122223333'), clause('Bool', 'aws:SecureTransport', 'true')], {
      isFree: (key) => !findConditionKey(key)?.derived,
    });
    expect(spaces.map((s) => s.key)).toEqual(['aws:SecureTransport']);
  });

  it('never throws on odd input, and still gives classes', () => {
    const odd = [
      clause('StringEqualz', 'kms:ViaService', 'x'),
      clause('IpAddress', 'aws:SourceIp', 'not-a-cidr', '10.0.0.0/33', 7),
      clause('NumericLessThan', 'kms:RotationPeriodInDays', 'abc', '1e999', true),
      clause('DateLessThan', 'kms:ValidTo', 'tomorrow', 1e300),
      { operator: 'StringEquals', key: 'kms:MessageType', values: 'RAW', path: '$' } as unknown as ConditionClause,
      { operator: 42, key: 'kms:KeySpec', values: [null, {}], path: '$' } as unknown as ConditionClause,
      clause('ForAnyValue:Null', 'kms:GrantOperations', 'true'),
    ];
    const spaces = partitionConditionSpace(odd, { policyVersion: V2012 });
    expect(spaces).toHaveLength(7);
    for (const space of spaces) {
      expect(space.classes[0]?.id).toBe('absent');
      expect(new Set(space.classes.map((c) => c.id)).size).toBe(space.classes.length);
    }
  });

  it('is deterministic', () => {
    const clauses = [
      clause('StringLike', 'aws:SourceArn', 'arn:aws:s3:::b*', 'arn:aws:iam::*:role/A?'),
      clause('ArnNotLike', 'aws:SourceArn', 'arn:aws:*:*:*:*'),
    ];
    expect(partitionConditionSpace(clauses)).toEqual(partitionConditionSpace([...clauses]));
  });
});

// --- the property ---------------------------------------------------------------------------------

interface Profile {
  readonly name: string;
  readonly keys: readonly string[];
  readonly operators: readonly string[];
  /** Literal pool for one clause set. */
  readonly pool: fc.Arbitrary<ConditionValue[]>;
  /** Request values, given the pool. */
  readonly value: (pool: readonly ConditionValue[]) => fc.Arbitrary<ContextScalar>;
}

const word = (alphabet: readonly string[], maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...alphabet), { maxLength }).map((cs) => cs.join(''));

/** A string mutated: a character inserted, removed or replaced, the case flipped, wildcards filled. */
function mutate(text: string, alphabet: readonly string[]): fc.Arbitrary<string> {
  const at = fc.nat({ max: text.length });
  const ch = fc.constantFrom(...alphabet);
  return fc.oneof(
    fc.tuple(at, ch).map(([i, c]) => text.slice(0, i) + c + text.slice(i)),
    at.map((i) => text.slice(0, i) + text.slice(i + 1)),
    fc.tuple(at, ch).map(([i, c]) => text.slice(0, i) + c + text.slice(i + 1)),
    fc.constant(text.toUpperCase()),
    fc.constant(text.toLowerCase()),
    fc.tuple(word(alphabet, 3), word(alphabet, 1)).map(([star, one]) => text.replace(/\*/g, star).replace(/\?/g, one || 'a')),
  );
}

/** A value from the pool, a mutation of one, or anything from `random`. */
function fromPool(pool: readonly ConditionValue[], alphabet: readonly string[], random: fc.Arbitrary<ContextScalar>): fc.Arbitrary<ContextScalar> {
  const texts = pool.map(String);
  return texts.length === 0
    ? random
    : fc.oneof(
        fc.constantFrom(...texts),
        fc.constantFrom(...texts).chain((t) => mutate(t, alphabet)),
        fc.tuple(fc.constantFrom(...texts), fc.constantFrom(...texts)).map(([a, b]) => a + b),
        random,
      );
}

const STRING_CHARS = ['a', 'b', 'A', '*', '?'];
const VALUE_CHARS = ['a', 'b', 'A', 'x'];
const ARN_PARTS = [
  ['arn', 'a*', '*'],
  ['aws', '*', 'a?s'],
  ['s3', 'iam', '*'],
  ['', '1', '*'],
  ['', '1', '1*'],
  ['b*', 'role/a?', '*', 'x:y*', 'b'],
] as const;
const T0 = Date.UTC(2025, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString();
const ADDRESSES = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(10, 192, 198, 9, 11, 0, 255),
      fc.constantFrom(0, 1, 2, 51, 127, 128, 168, 255),
      fc.constantFrom(0, 1, 2, 100, 255),
      fc.constantFrom(0, 3, 7, 255),
    )
    .map((o) => o.join('.')),
  fc.constantFrom('2001:db8::1', '2001:db8::7', '2001:db8:1::5', '2001:db8:8000::1', '2001:db9::', '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', '::1', '::'),
);

const PROFILES: readonly Profile[] = [
  {
    name: 'String, Binary',
    keys: ['kms:ViaService', 'kms:EncryptionContextKeys', 'test:Custom'],
    operators: [
      'StringEquals',
      'StringNotEquals',
      'StringEqualsIgnoreCase',
      'StringNotEqualsIgnoreCase',
      'StringLike',
      'StringNotLike',
      'BinaryEquals',
      'Null',
      'StringEqualz',
    ],
    pool: fc.array(
      fc.oneof(word(STRING_CHARS, 3), word(STRING_CHARS, 3), fc.constantFrom('${aws:username}', 'a${aws:username}*', "${aws:userid, 'b*'}", '${*}')),
      { minLength: 1, maxLength: 4 },
    ),
    value: (pool) =>
      fromPool(pool, VALUE_CHARS, fc.oneof(word(VALUE_CHARS, 3), word([...VALUE_CHARS, '*', ':', 'B'], 5), fc.integer({ min: -2, max: 3 }), fc.boolean())),
  },
  {
    name: 'ARN',
    keys: ['aws:SourceArn', 'aws:PrincipalArn'],
    operators: ['ArnLike', 'ArnEquals', 'ArnNotLike', 'ArnNotEquals', 'StringLike', 'StringEquals', 'Null'],
    pool: fc.array(
      fc.oneof(
        fc.tuple(...ARN_PARTS.map((p) => fc.constantFrom(...p))).map((parts) => parts.join(':')),
        fc.constantFrom('a:b*', 'arn:*', '*'),
      ),
      { minLength: 1, maxLength: 3 },
    ),
    value: (pool) =>
      fromPool(
        pool,
        ['a', 'b', 'x', ':', '1', '/'],
        fc.tuple(...ARN_PARTS.map((p) => fc.constantFrom(...p.map((s) => s.replace(/\*/g, 'x').replace(/\?/g, 'w'))))).map((parts) => parts.join(':')),
      ),
  },
  {
    name: 'Numeric',
    keys: ['kms:RotationPeriodInDays', 'kms:ScheduleKeyDeletionPendingWindowInDays'],
    operators: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals', 'Null'],
    pool: fc.array(
      fc.oneof(fc.integer({ min: -3, max: 5 }), fc.integer({ min: -3, max: 5 }).map(String), fc.constantFrom('2.5', ' 4 ', '1e1', 'abc', '1e999')),
      { minLength: 1, maxLength: 4 },
    ),
    value: (pool) =>
      fc.oneof(
        fc.tuple(fc.constantFrom(...pool.map(Number).filter(Number.isFinite), 0), fc.constantFrom(-2, -1, -0.5, 0, 0.5, 1, 2)).map(([n, d]) => n + d),
        fc.integer({ min: -6, max: 12 }),
        fc.integer({ min: -6, max: 12 }).map(String),
        fc.constantFrom('x', '', '1e999', '-1e999', ' 3 '),
        fc.boolean(),
      ),
  },
  {
    name: 'Date',
    keys: ['kms:ValidTo', 'aws:CurrentTime'],
    operators: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals', 'Null'],
    pool: fc.array(
      fc.oneof(
        fc.integer({ min: -3, max: 3 }).map((s) => iso(T0 + s * 1000).replace('.000Z', 'Z')),
        fc.integer({ min: -3, max: 3 }).map((s) => (T0 / 1000 + s) as ConditionValue),
        fc.constantFrom('2025-01-01', 'not-a-date'),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    value: () =>
      fc.oneof(
        fc.integer({ min: -10, max: 10 }).map((h) => iso(T0 + h * 500)),
        fc.integer({ min: -10, max: 10 }).map((h) => T0 / 1000 + h / 2),
        fc.constantFrom('2025-01-01', '2024-12-31T23:59:59Z', 'nope', ''),
      ),
  },
  {
    name: 'IP address',
    keys: ['aws:SourceIp', 'aws:VpcSourceIp'],
    operators: ['IpAddress', 'NotIpAddress', 'Null'],
    // Blocks on a few shared networks with random prefixes, so that they nest often.
    pool: fc.array(
      fc.oneof(
        fc
          .tuple(fc.constantFrom('10.0.0.0', '10.1.2.3', '10.128.0.0', '198.51.100.0'), fc.constantFrom('', '/0', '/8', '/9', '/16', '/24'))
          .map(([a, p]) => a + p),
        fc.tuple(fc.constantFrom('2001:db8::', '2001:db8:8000::', '::'), fc.constantFrom('', '/0', '/32', '/33', '/48')).map(([a, p]) => a + p),
        fc.constantFrom('bad', '10.1.0.0/33'),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    value: () => fc.oneof(ADDRESSES, fc.constantFrom('x', '10.0.0.256'), fc.integer()),
  },
  {
    name: 'Bool',
    keys: ['aws:SecureTransport', 'kms:GrantIsForAWSResource'],
    operators: ['Bool', 'Null'],
    pool: fc.array(fc.constantFrom<ConditionValue>('true', 'false', 'TRUE', 'False', 'yes', true, false), { minLength: 1, maxLength: 2 }),
    value: () => fc.oneof(fc.boolean(), fc.constantFrom('true', 'TRUE', 'false', 'no', ''), fc.integer({ min: 0, max: 1 })),
  },
];

/** An operator of the profile, with IfExists and a set prefix sometimes (never on Null, which IAM does not allow). */
function operator(profile: Profile): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...profile.operators), fc.boolean(), fc.constantFrom('', '', '', 'ForAnyValue:', 'ForAllValues:'))
    .map(([base, ifExists, set]) => (base === 'Null' ? base : `${set}${base}${ifExists ? 'IfExists' : ''}`));
}

interface Case {
  readonly key: string;
  readonly clauses: ConditionClause[];
  readonly version: string | undefined;
  readonly base: ContextRecord;
  readonly values: (ContextValue | undefined)[];
}

function cases(profile: Profile): fc.Arbitrary<Case> {
  return fc
    .record({
      key: fc.constantFrom(...profile.keys),
      ops: fc.array(operator(profile), { minLength: 1, maxLength: 4 }),
      pool: profile.pool,
      version: fc.constantFrom<string | undefined>(V2012, undefined),
      base: fc.constantFrom<ContextRecord>({}, { 'aws:username': 'ab' }, { 'aws:username': 'A*', 'aws:userid': 'b' }),
    })
    .chain(({ key, ops, pool, version, base }) => {
      const clauses = fc.tuple(
        ...ops.map((op) =>
          fc.tuple(fc.subarray(pool, { minLength: 1 }), fc.boolean()).map(([values, upper]) => clause(op, upper ? key.toUpperCase() : key, ...values)),
        ),
      );
      // A single-valued key carries one value in a request; sets are drawn only for keys the catalogue
      // calls multi-valued or that a clause reads with a set operator.
      const multi = findConditionKey(key)?.multiValued === true || ops.some((op) => parseOperator(op)?.set !== undefined);
      const scalar = profile.value(pool);
      const present: fc.Arbitrary<ContextValue> = multi ? fc.array(scalar, { maxLength: 3 }) : scalar;
      const value = fc.option(present, { nil: undefined });
      return fc.record({
        key: fc.constant(key),
        clauses,
        version: fc.constant(version),
        base: fc.constant(base),
        values: fc.array(value, { minLength: 1, maxLength: 8 }),
      });
    })
    .map((c) => ({ ...c, clauses: [...c.clauses] }));
}

describe('partitionConditionSpace: completeness and minimality', () => {
  it.each(PROFILES)('$name operators', (profile) => {
    fc.assert(
      fc.property(cases(profile), ({ key, clauses, version, base, values }) => {
        // The generic algorithm: any key may be absent here (always-present keys are tested above).
        const space = only(
          partitionConditionSpace(clauses, { ...(version === undefined ? {} : { policyVersion: version }), base, alwaysPresent: () => false }),
        );
        const sig = (v: ContextValue | undefined): string => signatureOf(clauses, key, v, version, base);
        const witnesses = space.classes.map((c) => sig(c.value));
        // Minimality: one class per behaviour; ids unique.
        expect(new Set(witnesses).size).toBe(witnesses.length);
        expect(new Set(space.classes.map((c) => c.id)).size).toBe(space.classes.length);
        // Completeness: every value behaves like some class's witness.
        for (const v of values) expect(witnesses, `value ${JSON.stringify(v)}`).toContain(sig(v));
      }),
      { numRuns },
    );
  });
});

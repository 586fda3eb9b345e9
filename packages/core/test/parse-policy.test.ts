import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from '../src/model/diagnostic.js';
import type { JsonValue } from '../src/model/policy.js';
import { parseJsonText, pathAncestors } from '../src/parse/json-text.js';
import { KEY_POLICY_MAX_BYTES, parseIdentityPolicy, parseKeyPolicy, utf8ByteLength, type ParseOptions, type ParseResult } from '../src/parse/parse-policy.js';

// --- fixtures --------------------------------------------------------------------------------------------------------

type Doc = { [key: string]: JsonValue };

const ROLE = 'arn:aws:iam::111122223333:role/ExampleRole';
const KEY_ARN = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A valid key policy statement, with some elements replaced or removed. */
function stmt(over: Doc = {}, ...drop: string[]): Doc {
  const base: Doc = { Sid: 'AllowUse', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Decrypt'], Resource: '*', ...over };
  for (const d of drop) delete base[d];
  return base;
}

function keyPolicy(statements: Doc | Doc[] = stmt(), top: Doc = {}, ...drop: string[]): Doc {
  const doc: Doc = { Version: '2012-10-17', Statement: Array.isArray(statements) ? statements : [statements], ...top };
  for (const d of drop) delete doc[d];
  return doc;
}

/** A valid identity policy statement (no Principal, a key ARN as Resource). */
function istmt(over: Doc = {}, ...drop: string[]): Doc {
  const base: Doc = { Sid: 'AllowUse', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: KEY_ARN, ...over };
  for (const d of drop) delete base[d];
  return base;
}

function identityPolicy(statements: Doc | Doc[] = istmt()): Doc {
  return { Version: '2012-10-17', Statement: Array.isArray(statements) ? statements : [statements] };
}

function cond(operator: string, key: string, value: JsonValue): Doc {
  return { Condition: { [operator]: { [key]: value } } };
}

const VALID_TEXT = JSON.stringify(keyPolicy(), null, 2);

/** Compact key policy text of exactly `bytes` bytes, padding the Sid with `pad` (1 or 2 bytes in UTF-8). */
function sizedPolicy(bytes: number, pad = 'A'): string {
  const skeleton = JSON.stringify(keyPolicy(stmt({ Sid: '' })));
  const room = bytes - utf8ByteLength(skeleton);
  const unit = utf8ByteLength(pad);
  const sid = pad.repeat(Math.floor(room / unit)) + 'A'.repeat(room % unit);
  const text = JSON.stringify(keyPolicy(stmt({ Sid: sid })));
  expect(utf8ByteLength(text)).toBe(bytes);
  return text;
}

// --- one row per diagnostic code: a minimal policy that triggers it, and the same policy fixed ------------------------

interface Row {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly kind?: 'key' | 'identity';
  readonly bad: unknown;
  readonly good: unknown;
  readonly options?: ParseOptions;
  /** A substring the diagnostic's message must contain. */
  readonly says?: string;
}

const ROWS: readonly Row[] = [
  { code: 'invalid-json', severity: 'error', bad: '{"Version": "2012-10-17",}', good: VALID_TEXT, says: 'trailing comma' },
  {
    code: 'duplicate-key',
    severity: 'error',
    bad: VALID_TEXT.replace('"Effect": "Allow",', '"Effect": "Allow",\n      "Effect": "Deny",'),
    good: VALID_TEXT,
    says: 'Effect',
  },
  { code: 'policy-too-large', severity: 'error', bad: sizedPolicy(KEY_POLICY_MAX_BYTES + 1), good: sizedPolicy(KEY_POLICY_MAX_BYTES), says: '32,768' },
  { code: 'invalid-character', severity: 'error', bad: JSON.stringify(keyPolicy(stmt({ Sid: '키 사용 허용' }))), good: VALID_TEXT, says: 'U+' },
  { code: 'not-an-object', severity: 'error', bad: '[]', good: VALID_TEXT, says: 'object' },
  { code: 'wrong-type', severity: 'error', bad: keyPolicy(stmt({ Effect: 1 })), good: keyPolicy(), says: 'Effect' },
  { code: 'unknown-element', severity: 'warning', bad: keyPolicy(stmt({ Comment: 'hi' })), good: keyPolicy(), says: 'Comment' },
  { code: 'version-missing', severity: 'error', bad: keyPolicy(stmt(), {}, 'Version'), good: keyPolicy(), says: 'Version' },
  { code: 'version-unknown', severity: 'error', bad: keyPolicy(stmt(), { Version: '2020-01-01' }), good: keyPolicy(), says: 'Version' },
  { code: 'statement-missing', severity: 'error', bad: { Version: '2012-10-17' }, good: keyPolicy(), says: 'Statement' },
  { code: 'statement-empty', severity: 'error', bad: keyPolicy([]), good: keyPolicy(), says: 'Statement' },
  { code: 'effect-missing', severity: 'error', bad: keyPolicy(stmt({}, 'Effect')), good: keyPolicy(), says: 'Effect' },
  { code: 'effect-invalid', severity: 'error', bad: keyPolicy(stmt({ Effect: 'allow' })), good: keyPolicy(), says: 'Did you mean "Allow"' },
  { code: 'principal-missing', severity: 'error', bad: keyPolicy(stmt({}, 'Principal')), good: keyPolicy(), says: 'Principal' },
  {
    code: 'principal-and-not-principal',
    severity: 'error',
    bad: keyPolicy(stmt({ Effect: 'Deny', NotPrincipal: { AWS: ROLE } })),
    good: keyPolicy(stmt({ Effect: 'Deny' })),
    says: 'NotPrincipal',
  },
  { code: 'principal-invalid', severity: 'error', kind: 'identity', bad: identityPolicy(istmt({ Principal: '*' })), good: identityPolicy(), says: 'Principal' },
  {
    code: 'principal-iam-group',
    severity: 'error',
    bad: keyPolicy(stmt({ Principal: { AWS: 'arn:aws:iam::111122223333:group/KeyUsers' } })),
    good: keyPolicy(),
    says: 'Principal',
  },
  {
    code: 'principal-partial-wildcard',
    severity: 'error',
    bad: keyPolicy(stmt({ Principal: { AWS: 'arn:aws:iam::111122223333:role/*' } })),
    good: keyPolicy(stmt({ Principal: { AWS: '*' }, ...cond('StringEquals', 'kms:CallerAccount', '111122223333') })),
    says: 'wildcard',
  },
  {
    code: 'principal-malformed-arn',
    severity: 'error',
    bad: keyPolicy(stmt({ Principal: { AWS: ['arn:aws:iam::1111:role/ExampleRole'], Service: 'cloudtrail' } })),
    good: keyPolicy(stmt({ Principal: { AWS: ['111122223333', ROLE], Service: 'cloudtrail.amazonaws.com' } })),
    says: '12 digits',
  },
  {
    code: 'not-principal-with-allow',
    severity: 'error',
    bad: keyPolicy(stmt({ NotPrincipal: { AWS: ROLE } }, 'Principal')),
    good: keyPolicy(stmt({ Effect: 'Deny', NotPrincipal: { AWS: ROLE } }, 'Principal')),
    says: 'NotPrincipal',
  },
  { code: 'action-missing', severity: 'error', bad: keyPolicy(stmt({}, 'Action')), good: keyPolicy(), says: 'Action' },
  {
    code: 'action-and-not-action',
    severity: 'error',
    bad: keyPolicy(stmt({ NotAction: 'kms:Encrypt' })),
    good: keyPolicy(stmt({ NotAction: 'kms:Encrypt' }, 'Action')),
    says: 'NotAction',
  },
  { code: 'action-unknown', severity: 'error', bad: keyPolicy(stmt({ Action: 'kms:Decrpyt' })), good: keyPolicy(), says: '"kms:Decrypt"' },
  { code: 'action-not-kms', severity: 'warning', bad: keyPolicy(stmt({ Action: ['kms:Decrypt', 's3:GetObject'] })), good: keyPolicy(), says: 's3:GetObject' },
  { code: 'action-iam-only', severity: 'warning', bad: keyPolicy(stmt({ Action: 'kms:CreateKey' })), good: keyPolicy(), says: 'kms:CreateKey' },
  { code: 'resource-missing', severity: 'error', bad: keyPolicy(stmt({}, 'Resource')), good: keyPolicy(), says: 'Resource' },
  {
    code: 'resource-and-not-resource',
    severity: 'error',
    kind: 'identity',
    bad: identityPolicy(istmt({ NotResource: KEY_ARN })),
    good: identityPolicy(istmt({ NotResource: KEY_ARN }, 'Resource')),
    says: 'NotResource',
  },
  { code: 'resource-not-this-key', severity: 'error', bad: keyPolicy(stmt({ Resource: KEY_ARN })), good: keyPolicy(), says: '"*"' },
  {
    code: 'resource-malformed-arn',
    severity: 'error',
    kind: 'identity',
    bad: identityPolicy(istmt({ Resource: ['arn:aws:kms:us-west-2:111122223333:1234abcd', 'my-key'] })),
    good: identityPolicy(istmt({ Resource: [KEY_ARN, 'arn:aws:kms:*:111122223333:alias/*', '*'] })),
    says: 'Resource',
  },
  {
    code: 'condition-operator-unknown',
    severity: 'error',
    bad: keyPolicy(stmt(cond('StringEqualz', 'kms:ViaService', 'ec2.us-west-2.amazonaws.com'))),
    good: keyPolicy(stmt(cond('StringEquals', 'kms:ViaService', 'ec2.us-west-2.amazonaws.com'))),
    says: '"StringEqualz"',
  },
  {
    code: 'condition-operator-case',
    severity: 'warning',
    bad: keyPolicy(stmt(cond('stringequals', 'kms:ViaService', 'ec2.us-west-2.amazonaws.com'))),
    good: keyPolicy(stmt(cond('StringEquals', 'kms:ViaService', 'ec2.us-west-2.amazonaws.com'))),
    says: 'StringEquals',
  },
  {
    code: 'condition-operator-type-mismatch',
    severity: 'error',
    bad: keyPolicy(stmt(cond('NumericEquals', 'kms:ViaService', 1))),
    good: keyPolicy(stmt(cond('StringEquals', 'kms:ViaService', 'ec2.us-west-2.amazonaws.com'))),
    says: 'kms:ViaService',
  },
  {
    code: 'condition-key-unknown',
    severity: 'warning',
    bad: keyPolicy(stmt(cond('StringEquals', 'kms:ViaServise', 'ec2.us-west-2.amazonaws.com'))),
    good: keyPolicy(stmt(cond('StringEquals', 'kms:viaservice', 'ec2.us-west-2.amazonaws.com'))),
    says: 'kms:ViaService',
  },
  {
    code: 'condition-value-invalid',
    severity: 'error',
    bad: keyPolicy(
      stmt({
        Condition: {
          NumericLessThanEquals: { 'kms:RotationPeriodInDays': 'abc' },
          IpAddress: { 'aws:SourceIp': '203.0.113.0/33' },
          Bool: { 'aws:SecureTransport': 'yes' },
        },
      }),
    ),
    good: keyPolicy(
      stmt({
        Condition: {
          NumericLessThanEquals: { 'kms:RotationPeriodInDays': 90 },
          IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
          Bool: { 'aws:SecureTransport': true },
        },
      }),
    ),
    says: 'abc',
  },
  {
    code: 'condition-forallvalues-encryption-context',
    severity: 'error',
    bad: keyPolicy(stmt(cond('ForAllValues:StringEquals', 'kms:EncryptionContext:Department', 'IT'))),
    good: keyPolicy(stmt(cond('StringEquals', 'kms:EncryptionContext:Department', 'IT'))),
    says: 'ForAllValues',
  },
  {
    code: 'condition-set-operator-single-valued',
    severity: 'warning',
    bad: keyPolicy(stmt(cond('ForAnyValue:StringEquals', 'kms:CallerAccount', '111122223333'))),
    good: keyPolicy(stmt(cond('ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', 'Department'))),
    says: 'single-valued',
  },
  {
    code: 'condition-null-ifexists',
    severity: 'error',
    bad: keyPolicy(stmt(cond('NullIfExists', 'kms:EncryptionContextKeys', 'false'))),
    good: keyPolicy(stmt(cond('Null', 'kms:EncryptionContextKeys', 'false'))),
    says: 'Null',
  },
  {
    code: 'sid-duplicate',
    severity: 'error',
    kind: 'identity',
    bad: identityPolicy([istmt({ Sid: 'One' }), istmt({ Sid: 'One', Action: 'kms:Encrypt' })]),
    good: identityPolicy([istmt({ Sid: 'One' }), istmt({ Sid: 'Two', Action: 'kms:Encrypt' })]),
    says: 'One',
  },
  { code: 'sid-invalid', severity: 'warning', kind: 'identity', bad: identityPolicy(istmt({ Sid: 'Allow use' })), good: identityPolicy(), says: 'Allow use' },
];

/**
 * Codes no minimal policy can trigger here: the lockout check (src/evaluate), internal errors, and
 * the grant codes (validateGrant; test/validate-grant.test.ts has a case for each).
 */
const NOT_IN_TABLE: readonly DiagnosticCode[] = ['lockout', 'internal-error', ...DIAGNOSTIC_CODES.filter((c) => c.startsWith('grant-'))];

function run(row: Pick<Row, 'kind' | 'options'>, input: unknown): ParseResult {
  return row.kind === 'identity' ? parseIdentityPolicy(input, row.options) : parseKeyPolicy(input, row.options);
}

function dump(r: ParseResult): string {
  return r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`).join('\n');
}

describe('each diagnostic code', () => {
  it('has a row in the table (except lockout and internal-error)', () => {
    const covered = new Set(ROWS.map((r) => r.code));
    expect(DIAGNOSTIC_CODES.filter((c) => !covered.has(c) && !NOT_IN_TABLE.includes(c))).toEqual([]);
  });

  for (const row of ROWS) {
    it(`${row.code}: triggered by a minimal policy, absent once fixed`, () => {
      const bad = run(row, row.bad);
      const found = bad.diagnostics.filter((d) => d.code === row.code);
      expect(found.length, dump(bad)).toBeGreaterThan(0);
      expect(found.map((d) => d.severity)).toContain(row.severity);
      if (row.severity === 'error') expect(bad.valid).toBe(false);
      if (row.says)
        expect(
          found.some((d) => d.message.includes(row.says as string)),
          dump(bad),
        ).toBe(true);
      for (const d of found) expect(d.path.startsWith('$')).toBe(true);

      const good = run(row, row.good);
      expect(
        good.diagnostics.filter((d) => d.code === row.code),
        dump(good),
      ).toEqual([]);
      expect(good.valid, dump(good)).toBe(true);
    });
  }
});

// --- rules with more than one outcome --------------------------------------------------------------------------------

describe('rule details', () => {
  it('a key policy Resource equal to the known key ARN is only a warning; another ARN is an error', () => {
    const same = parseKeyPolicy(keyPolicy(stmt({ Resource: KEY_ARN })), { keyArn: KEY_ARN });
    expect(same.valid).toBe(true);
    expect(same.diagnostics.map((d) => [d.code, d.severity])).toEqual([['resource-not-this-key', 'warning']]);
    const other = parseKeyPolicy(keyPolicy(stmt({ Resource: KEY_ARN.replace('1234abcd', '0000abcd') })), { keyArn: KEY_ARN });
    expect(other.valid).toBe(false);
    expect(other.diagnostics[0]?.message).toContain(KEY_ARN);
  });

  it('ForAnyValue on a single-valued key stays valid (a warning only)', () => {
    const r = parseKeyPolicy(keyPolicy(stmt(cond('ForAnyValue:StringEquals', 'kms:ViaService', ['ec2.us-west-2.amazonaws.com']))));
    expect(r.valid).toBe(true);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['condition-set-operator-single-valued']);
  });

  it('an unknown operator in a Deny says that the Deny would never apply', () => {
    const r = parseKeyPolicy(keyPolicy(stmt({ Effect: 'Deny', ...cond('StringEqualz', 'kms:ViaService', 'x') })));
    expect(r.diagnostics[0]?.message).toMatch(/Deny would silently never apply/);
  });

  it('ForAllValues on aws:RequestTag/* is rejected too; in an identity policy it is a warning', () => {
    const key = parseKeyPolicy(keyPolicy(stmt(cond('ForAllValues:StringEquals', 'aws:RequestTag/Owner', 'me'))));
    expect(key.diagnostics.map((d) => [d.code, d.severity])).toContainEqual(['condition-forallvalues-encryption-context', 'error']);
    const iam = parseIdentityPolicy(identityPolicy(istmt(cond('ForAllValues:StringEquals', 'kms:EncryptionContext:Dept', 'IT'))));
    expect(iam.diagnostics.map((d) => [d.code, d.severity])).toEqual([['condition-forallvalues-encryption-context', 'warning']]);
  });

  it('a Version of 2008-10-17 is a warning about literal variables', () => {
    const r = parseKeyPolicy(keyPolicy(stmt(), { Version: '2008-10-17' }));
    expect(r.valid).toBe(true);
    expect(r.diagnostics[0]?.message).toContain('literal');
  });

  it('an identity policy may omit Version (warning) and must not have Principal', () => {
    const r = parseIdentityPolicy({ Statement: istmt() });
    expect(r.valid).toBe(true);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['version-missing', 'warning']]);
  });

  it('a single Statement object is valid and its paths have no index', () => {
    const r = parseKeyPolicy({ Version: '2012-10-17', Statement: stmt({ Effect: 'Permit' }) });
    expect(r.diagnostics.map((d) => d.path)).toEqual(['$.Statement.Effect']);
    expect(parseKeyPolicy({ Version: '2012-10-17', Statement: stmt() }).valid).toBe(true);
  });

  it('IAM-only permissions in a wildcard only warn when the wildcard matches nothing else', () => {
    const r = parseKeyPolicy(keyPolicy(stmt({ Action: ['kms:List*', 'kms:Create*', 'kms:CreateC*', 'kms:Frobnicate*'] })));
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['action-iam-only', '$.Statement[0].Action[2]'],
      ['action-unknown', '$.Statement[0].Action[3]'],
    ]);
    expect(r.valid).toBe(true);
  });

  it('principal forms: accounts, roots, users with paths, sessions, services', () => {
    const r = parseKeyPolicy(
      keyPolicy(
        stmt({
          Principal: {
            AWS: [
              '111122223333',
              'arn:aws:iam::111122223333:root',
              'arn:aws:iam::111122223333:user/division/team/Alice',
              'arn:aws:sts::111122223333:assumed-role/ExampleRole/session-1',
              'arn:aws-cn:iam::111122223333:role/service-role/Example',
            ],
            Service: ['cloudtrail.amazonaws.com', 'logs.us-west-2.amazonaws.com'],
          },
        }),
      ),
    );
    expect(r.diagnostics).toEqual([]);
  });

  it('condition keys that differ only in case in one block are duplicates', () => {
    const r = parseKeyPolicy(keyPolicy(stmt({ Condition: { StringEquals: { 'kms:ViaService': 'a', 'kms:viaservice': 'b' } } })));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['duplicate-key']);
  });
});

// --- positions -------------------------------------------------------------------------------------------------------

describe('line and column of text diagnostics', () => {
  const text = [
    '{', //                                         1
    '  "Version": "2012-10-17",', //                2
    '  "Statement": [', //                          3
    '    {', //                                     4
    '      "Effect": "Permit",', //                 5
    '      "Principal": {"AWS": "arn:aws:iam::111122223333:role/ExampleRole"},', // 6
    '      "Action": "kms:Decrypt",', //            7
    '      "Resource": "*",', //                    8
    '      "Condition": {"StringEqualz": {"kms:ViaService": "x"}}', // 9
    '    }', //                                     10
    '  ]', //                                       11
    '}', //                                         12
  ].join('\n');

  it('points at the offending element', () => {
    const r = parseKeyPolicy(text);
    const at = (code: string) => r.diagnostics.find((d) => d.code === code);
    expect(at('effect-invalid')).toMatchObject({ path: '$.Statement[0].Effect', line: 5, column: 7 });
    expect(at('condition-operator-unknown')).toMatchObject({ path: '$.Statement[0].Condition.StringEqualz', line: 9, column: 21 });
  });

  it('falls back to the nearest existing element for a missing one', () => {
    const r = parseKeyPolicy(text.replace('      "Resource": "*",\n', ''));
    expect(r.diagnostics.find((d) => d.code === 'resource-missing')).toMatchObject({ path: '$.Statement[0]', line: 4, column: 5 });
  });

  it('locates the second of two duplicate keys', () => {
    const r = parseKeyPolicy(text.replace('"Effect": "Permit",', '"Effect": "Allow", "Effect": "Deny",'));
    expect(r.diagnostics.find((d) => d.code === 'duplicate-key')).toMatchObject({ path: '$.Statement[0].Effect', line: 5, column: 26 });
    expect(r.valid).toBe(false);
  });

  it('locates a trailing comma at the comma', () => {
    const r = parseKeyPolicy(text.replace('"x"}}', '"x"}},'));
    const line9 = text.split('\n')[8] ?? '';
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'invalid-json', line: 9, column: line9.length + 1 });
    expect(r.diagnostics[0]?.message).toMatch(/trailing comma/);
  });

  it('names typographic quotes explicitly, then reports what else is wrong', () => {
    const curly = '{\n“Version”: “2012-10-17”\n“Statement”: []\n}';
    const r = parseKeyPolicy(curly);
    expect(r.diagnostics[0]).toMatchObject({ code: 'invalid-json', line: 2, column: 1 });
    expect(r.diagnostics[0]?.message).toMatch(/typographic quotes/);
    // the missing comma at the end of line 2 is a real error, beyond the quotes
    expect(r.diagnostics.slice(1).map((d) => [d.line, d.column])).toEqual([[3, 1]]);
  });

  it('does not blame typographic quotes that are inside strings', () => {
    const r = parseKeyPolicy(VALID_TEXT.replace('"AllowUse"', '"Don’t “panic”"').replace('"Resource": "*"', '"Resource": "*",'));
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/trailing comma/)]);
    const closedWithCurly = parseKeyPolicy('{"Version": "2012-10-17”, "Statement": []}');
    expect(closedWithCurly.diagnostics[0]?.message).toMatch(/typographic quotes/);
  });

  it('names a raw control character', () => {
    const r = parseKeyPolicy(VALID_TEXT.replace('AllowUse', 'Allow\u0007Use'));
    expect(r.valid).toBe(false);
    expect(r.diagnostics[0]?.message).toMatch(/control character U\+0007 \(BEL\)/);
    expect(r.diagnostics[0]?.line).toBe(5);
  });

  it('reports characters outside Latin-1 at their position', () => {
    const r = parseKeyPolicy(
      '{"Version": "2012-10-17",\n "Statement": [{"Sid": "한글", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]}',
    );
    expect(r.diagnostics.find((d) => d.code === 'invalid-character')).toMatchObject({ line: 2, column: 25 });
  });

  it('every diagnostic of text input has a position; of object input none', () => {
    const bad = keyPolicy(stmt({ Effect: 'Permit', Resource: KEY_ARN }, 'Principal'), {}, 'Version');
    const fromText = parseKeyPolicy(JSON.stringify(bad, null, 1));
    expect(fromText.diagnostics.length).toBeGreaterThan(3);
    for (const d of fromText.diagnostics) expect(d.line).toBeGreaterThan(0);
    const fromObject = parseKeyPolicy(bad);
    expect(fromObject.diagnostics.map((d) => d.code)).toEqual(fromText.diagnostics.map((d) => d.code));
    for (const d of fromObject.diagnostics) expect(d.line).toBeUndefined();
  });

  it('maps quoted path segments', () => {
    const json = parseJsonText('{"Statement": {"Condition": {"ForAnyValue:StringEquals": {\n"kms:ViaService": ["a", "b"]}}}}');
    expect(json.locate('$.Statement.Condition["ForAnyValue:StringEquals"]["kms:ViaService"][1]')).toMatchObject({ line: 2, column: 25 });
    expect(json.locate('$.Statement.Condition["ForAnyValue:StringEquals"]["kms:Missing"]')).toMatchObject({ line: 1, column: 30 });
    expect(pathAncestors('$.A["x.y]"][0]')).toEqual(['$.A["x.y]"][0]', '$.A["x.y]"]', '$.A', '$']);
  });
});

describe('size limit', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(parseKeyPolicy(sizedPolicy(KEY_POLICY_MAX_BYTES, 'é')).valid).toBe(true);
    const over = parseKeyPolicy(sizedPolicy(KEY_POLICY_MAX_BYTES + 1, 'é'));
    expect(over.diagnostics.map((d) => d.code)).toEqual(['policy-too-large']);
  });

  it('checks object input by its compact JSON', () => {
    const text = sizedPolicy(KEY_POLICY_MAX_BYTES + 1);
    expect(parseKeyPolicy(JSON.parse(text)).diagnostics.map((d) => d.code)).toEqual(['policy-too-large']);
    expect(parseKeyPolicy(JSON.parse(sizedPolicy(KEY_POLICY_MAX_BYTES))).valid).toBe(true);
  });
});

// --- never throws ----------------------------------------------------------------------------------------------------

const NUM_RUNS = Number(process.env.KMSIM_FC_RUNS ?? 3000);
const TIMEOUT = 120_000;

function wellFormed(r: ParseResult, text: boolean): void {
  expect(typeof r.valid).toBe('boolean');
  expect(r.valid).toBe(!r.diagnostics.some((d) => d.severity === 'error'));
  for (const d of r.diagnostics) {
    expect(DIAGNOSTIC_CODES).toContain(d.code);
    expect(d.code).not.toBe('internal-error');
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.path.startsWith('$')).toBe(true);
    if (text) expect(d.line).toBeGreaterThan(0);
  }
  if (r.policy) expect(Array.isArray(r.policy.statements)).toBe(true);
}

function both(input: unknown): void {
  wellFormed(parseKeyPolicy(input), typeof input === 'string');
  wellFormed(parseIdentityPolicy(input, { keyArn: KEY_ARN }), typeof input === 'string');
}

/** Valid policies to mutate: every element kind and a few conditions. */
const SEEDS: readonly Doc[] = [
  keyPolicy(),
  keyPolicy([
    stmt({ Sid: 'Enable IAM User Permissions', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*' }),
    stmt(
      { Effect: 'Deny', NotPrincipal: { AWS: [ROLE] }, NotAction: ['kms:Describe*'], ...cond('Bool', 'aws:SecureTransport', false) },
      'Principal',
      'Action',
      'Sid',
    ),
    stmt({
      Sid: 'Conditions',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Condition: {
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' },
        'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['a', 'b'] },
        NumericLessThanEquals: { 'kms:RotationPeriodInDays': 365 },
        DateGreaterThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' },
        IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] },
        Null: { 'kms:ViaService': 'true' },
      },
    }),
  ]),
  identityPolicy([istmt(), istmt({ Sid: 'Two', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' })]),
];

type Mutation =
  | { readonly op: 'replace'; readonly at: number; readonly value: JsonValue }
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'rename'; readonly at: number; readonly name: string }
  | { readonly op: 'wrap'; readonly at: number };

/** Every [container, key] pair of a document, in a stable order. */
function slots(doc: JsonValue): [Doc | JsonValue[], string | number][] {
  const out: [Doc | JsonValue[], string | number][] = [];
  const visit = (v: JsonValue): void => {
    if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) {
        out.push([v, i]);
        visit(item);
      }
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        out.push([v, k]);
        visit(v[k] as JsonValue);
      }
    }
  };
  visit(doc);
  return out;
}

function mutate(seed: Doc, mutations: readonly Mutation[]): JsonValue {
  const doc = structuredClone(seed) as JsonValue;
  for (const m of mutations) {
    const all = slots(doc);
    if (all.length === 0) break;
    const [container, key] = all[m.at % all.length] as [Doc | JsonValue[], string | number];
    const get = (): JsonValue => (Array.isArray(container) ? container[key as number] : container[key as string]) as JsonValue;
    const set = (v: JsonValue): void => {
      if (Array.isArray(container)) container[key as number] = v;
      else container[key as string] = v;
    };
    if (m.op === 'replace') set(m.value);
    else if (m.op === 'wrap') set([get()]);
    else if (m.op === 'delete') {
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
    } else if (!Array.isArray(container)) {
      const v = get();
      delete container[key as string];
      container[m.name] = v;
    }
  }
  return doc;
}

const NAMES = fc.constantFrom(
  'Version',
  'Statement',
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
  'AWS',
  'Service',
  'StringEqualz',
  'NullIfExists',
  'ForAllValues:StringLike',
  'kms:EncryptionContext:',
  '__proto__',
  '',
);
const VALUES: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>,
  fc.constantFrom<JsonValue>(
    '*',
    'Allow',
    'Deny',
    'kms:*',
    'kms:Create*',
    'arn:aws:iam::111122223333:group/G',
    'arn:aws:iam::*:root',
    [],
    {},
    '2008-10-17',
    '${aws:username}',
  ),
);
const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: VALUES }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('rename' as const), at: fc.nat(), name: NAMES }),
  fc.record({ op: fc.constant('wrap' as const), at: fc.nat() }),
);
const MUTATED = fc.tuple(fc.constantFrom(...SEEDS), fc.array(MUTATION, { minLength: 1, maxLength: 4 })).map(([seed, ms]) => mutate(seed, ms));

/** Text edits: insert or delete a few characters anywhere in a pretty-printed valid policy. */
const EDITED_TEXT = fc
  .tuple(
    fc.constantFrom(...SEEDS.map((s) => JSON.stringify(s, null, 2))),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ unit: 'binary', maxLength: 3 })), { minLength: 1, maxLength: 4 }),
  )
  .map(([text, edits]) =>
    edits.reduce((t, [at, del, ins]) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + ins + t.slice(i + del);
    }, text),
  );

describe('parseKeyPolicy / parseIdentityPolicy never throw', () => {
  it('on any string', { timeout: TIMEOUT }, () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), both), { numRuns: NUM_RUNS });
  });

  it('on any JSON text', { timeout: TIMEOUT }, () => {
    fc.assert(fc.property(fc.json(), both), { numRuns: NUM_RUNS });
  });

  it('on any JSON value', { timeout: TIMEOUT }, () => {
    fc.assert(fc.property(fc.jsonValue(), both), { numRuns: NUM_RUNS });
  });

  it('on anything at all', { timeout: TIMEOUT }, () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(fc.property(anything, both), { numRuns: NUM_RUNS });
  });

  it('on mutated valid policies, as objects and as text', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(MUTATED, (doc) => {
        both(doc);
        both(JSON.stringify(doc, null, 2));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('on valid policy text with random edits', { timeout: TIMEOUT }, () => {
    fc.assert(fc.property(EDITED_TEXT, both), { numRuns: NUM_RUNS });
  });

  it('gives the same findings for a JSON value and its compact text', { timeout: TIMEOUT }, () => {
    fc.assert(
      // (a string value would be read as policy text, so only non-strings)
      fc.property(
        fc.oneof(MUTATED, fc.jsonValue() as fc.Arbitrary<JsonValue>).filter((v) => typeof v !== 'string'),
        (value) => {
          const codes = (r: ParseResult) => r.diagnostics.map((d) => `${d.code} ${d.severity} ${d.path}`);
          expect(codes(parseKeyPolicy(JSON.stringify(value)))).toEqual(codes(parseKeyPolicy(value)));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('on hostile objects: cycles, throwing getters and toJSON, BigInt, functions, deep nesting', () => {
    const cyclic: Record<string, unknown> = { Version: '2012-10-17' };
    cyclic.Statement = [cyclic];
    const getter = Object.defineProperty({}, 'Statement', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no keys');
        },
      },
    );
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    const inputs: unknown[] = [
      cyclic,
      getter,
      proxy,
      {
        toJSON: () => {
          throw new Error('nope');
        },
      },
      { Version: 1n },
      1n,
      () => 1,
      Symbol('s'),
      undefined,
      null,
      0,
      NaN,
      true,
      [],
      deep,
      '['.repeat(100_000),
      '{"a":'.repeat(50_000),
      new Date(0),
      new Map(),
      Object.create(null),
      '\uFEFF{}',
      '',
      ' ',
      '\uD800',
      'null',
      '"x"',
      '{"__proto__": {"Effect": "Allow"}, "Statement": {"__proto__": 1}}',
    ];
    for (const input of inputs) both(input);
  });
});

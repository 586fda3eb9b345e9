/** authorize/decide.ts: each KMS rule on its own, then the order `decide` applies them in. */
import { describe, expect, it } from 'vitest';
import { findAction } from '../src/catalogue/index.js';
import type { KmsAction } from '../src/catalogue/types.js';
import { compileStatement, type CompiledStatement } from '../src/compile/statement.js';
import { toPolicy } from '../src/parse/to-model.js';
import { parseCaller } from '../src/principal/caller.js';
import {
  aliasAllowed,
  crossAccountNotSupported,
  decide,
  explicitDeny,
  grant,
  iamOnlyAction,
  keyPolicyDirect,
  keyPolicyWithIam,
  notKeyScoped,
  nothingAllows,
  rootUser,
  type Facts,
} from '../src/authorize/decide.js';

const A = '111122223333';
const B = '444455556666';

const policy = toPolicy({ Version: '2012-10-17', Statement: [{ Sid: 'S', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] });
const S: CompiledStatement = compileStatement(policy.statements[0]!, policy, 'key-policy', 0);

const action = (name: string): KmsAction => findAction(name) as KmsAction;

function facts(over: Partial<Facts> & { principal?: string } = {}): Facts {
  const { principal = `arn:aws:iam::${A}:user/Alice`, ...rest } = over;
  return {
    denies: [],
    direct: [],
    viaAccount: [],
    iamAllows: [],
    aliasAllows: [],
    action: action('kms:Decrypt'),
    caller: parseCaller(principal),
    keyAccount: A,
    aliasGiven: false,
    hasIdentityPolicies: false,
    grant: -1,
    retiringAccountGrant: -1,
    ...rest,
  };
}

const rule = (v: { rule: string } | undefined): string | undefined => v?.rule;

describe('one function per rule', () => {
  it('explicit deny: any matched Deny', () => {
    expect(rule(explicitDeny(facts({ denies: [S] })))).toBe('explicit-deny');
    expect(explicitDeny(facts({ direct: [S] }))).toBeUndefined();
  });

  it('actions not authorized against a key: root, or an identity policy on "*"', () => {
    const listKeys = action('kms:ListKeys');
    expect(notKeyScoped(facts())).toBeUndefined();
    expect(rule(notKeyScoped(facts({ action: listKeys, principal: `arn:aws:iam::${A}:root` })))).toBe('not-key-scoped/root');
    expect(rule(notKeyScoped(facts({ action: listKeys, iamAllows: [S] })))).toBe('not-key-scoped/iam');
    expect(rule(notKeyScoped(facts({ action: listKeys, direct: [S] })))).toBe('not-key-scoped/none');
  });

  it('cross-account: only operations KMS allows across accounts', () => {
    const other = `arn:aws:iam::${B}:role/Ops`;
    expect(rule(crossAccountNotSupported(facts({ principal: other, action: action('kms:DisableKey') })))).toBe('cross-account/not-supported');
    expect(crossAccountNotSupported(facts({ principal: other, action: action('kms:Decrypt') }))).toBeUndefined();
    // A service principal has no account: never cross-account.
    expect(crossAccountNotSupported(facts({ principal: 'cloudtrail.amazonaws.com', action: action('kms:DisableKey') }))).toBeUndefined();
  });

  it("IAM-only actions (RetireGrant): the key account's root or IAM policies, never the key policy", () => {
    const retire = action('kms:RetireGrant');
    expect(iamOnlyAction(facts({ action: action('kms:Decrypt'), iamAllows: [S] }))).toBeUndefined();
    expect(rule(iamOnlyAction(facts({ action: retire, principal: `arn:aws:iam::${A}:root` })))).toBe('iam-only/root');
    expect(rule(iamOnlyAction(facts({ action: retire, iamAllows: [S] })))).toBe('iam-only/iam');
    expect(iamOnlyAction(facts({ action: retire, direct: [S] }))).toBeUndefined();
    expect(iamOnlyAction(facts({ action: retire, iamAllows: [S], principal: `arn:aws:iam::${B}:role/Ops` }))).toBeUndefined();
    // Key policy statements do not count for it further down either.
    expect(keyPolicyDirect(facts({ action: retire, direct: [S] }))).toBeUndefined();
  });

  it('root user: a statement naming its account lets it in', () => {
    const root = `arn:aws:iam::${A}:root`;
    expect(rule(rootUser(facts({ principal: root, direct: [S] })))).toBe('key-policy/root');
    expect(rootUser(facts({ principal: root }))).toBeUndefined();
    expect(rootUser(facts({ direct: [S] }))).toBeUndefined();
  });

  it("key policy naming the principal: enough in the key's own account, not across accounts", () => {
    expect(rule(keyPolicyDirect(facts({ direct: [S] })))).toBe('key-policy/direct');
    expect(keyPolicyDirect(facts({ viaAccount: [S] }))).toBeUndefined();
    expect(keyPolicyDirect(facts({ direct: [S], principal: `arn:aws:iam::${B}:role/Ops` }))).toBeUndefined();
  });

  it('account delegation and cross-account: the key side and an identity policy', () => {
    expect(rule(keyPolicyWithIam(facts({ viaAccount: [S], iamAllows: [S] })))).toBe('key-policy/with-iam');
    expect(rule(keyPolicyWithIam(facts({ direct: [S], iamAllows: [S], principal: `arn:aws:iam::${B}:role/Ops` })))).toBe('key-policy/with-iam');
    expect(keyPolicyWithIam(facts({ viaAccount: [S] }))).toBeUndefined();
    expect(keyPolicyWithIam(facts({ iamAllows: [S] }))).toBeUndefined();
  });

  it('alias operations need an identity policy on the alias too', () => {
    const createAlias = action('kms:CreateAlias');
    expect(aliasAllowed(facts({ action: createAlias }))).toBe(false);
    expect(aliasAllowed(facts({ action: createAlias, aliasAllows: [S] }))).toBe(true);
    expect(aliasAllowed(facts({ action: createAlias, principal: `arn:aws:iam::${A}:root` }))).toBe(true);
    expect(keyPolicyDirect(facts({ action: createAlias, direct: [S] }))).toBeUndefined();
    expect(rule(nothingAllows(facts({ action: createAlias, direct: [S] })))).toBe('alias/no-iam');
  });

  it('grants, and a retiring account with an IAM permission', () => {
    expect(rule(grant(facts({ grant: 0 })))).toBe('grant');
    expect(grant(facts({ retiringAccountGrant: 1 }))).toBeUndefined();
    expect(rule(grant(facts({ retiringAccountGrant: 1, iamAllows: [S] })))).toBe('grant/retiring-account');
  });

  it('nothing allows: names the missing half', () => {
    expect(rule(nothingAllows(facts({ viaAccount: [S] })))).toBe('key-policy/no-iam');
    expect(rule(nothingAllows(facts({ iamAllows: [S] })))).toBe('iam/no-key-policy');
    expect(rule(nothingAllows(facts()))).toBe('nothing');
  });
});

describe('decide applies the rules in order', () => {
  it('a Deny wins over everything', () => {
    expect(decide(facts({ denies: [S], direct: [S], iamAllows: [S], grant: 0 })).decision).toBe('ExplicitDeny');
  });
  it('the cross-account check comes before the key policy and grants', () => {
    expect(decide(facts({ principal: `arn:aws:iam::${B}:role/Ops`, action: action('kms:DisableKey'), direct: [S], iamAllows: [S] })).rule).toBe(
      'cross-account/not-supported',
    );
  });
  it('the key policy before grants; grants before the implicit deny', () => {
    expect(decide(facts({ direct: [S], grant: 0 })).rule).toBe('key-policy/direct');
    expect(decide(facts({ viaAccount: [S], grant: 0 })).rule).toBe('grant');
    expect(decide(facts({ viaAccount: [S] }))).toEqual({ decision: 'ImplicitDeny', rule: 'key-policy/no-iam' });
  });
  it('returns one shared verdict per rule', () => {
    expect(decide(facts({ direct: [S] }))).toBe(decide(facts({ direct: [S] })));
  });
});

/** principal/: parsing callers, their role crowds, and matching Principal / NotPrincipal entries (table-driven). */
import { describe, expect, it } from 'vitest';
import type { PrincipalSet } from '../src/model/policy.js';
import { RequestError } from '../src/errors.js';
import {
  accountOfEntry,
  accountOfPrincipalArn,
  arnParts,
  isCallerArn,
  classifyPrincipal,
  matchPrincipal,
  notPrincipalApplies,
  parseCaller,
  principalArnOf,
  principalContext,
  principalTypeOf,
  roleSessionPrefix,
  sessionNameOk,
  type Caller,
} from '../src/principal/index.js';

const A = '111122223333';
const B = '444455556666';

describe('parseCaller', () => {
  const cases: [string, Partial<Caller>][] = [
    [`arn:aws:iam::${A}:root`, { kind: 'root', account: A, partition: 'aws' }],
    [`arn:aws:iam::${A}:user/Alice`, { kind: 'user', account: A, userName: 'Alice' }],
    [`arn:aws:iam::${A}:user/path/to/Alice`, { kind: 'user', userName: 'Alice' }],
    [`arn:aws:iam::${A}:role/App`, { kind: 'role', account: A, roleName: 'App' }],
    [`arn:aws:iam::${A}:role/service-role/App`, { kind: 'role', roleName: 'App' }],
    [`arn:aws:sts::${A}:assumed-role/App/session-1`, { kind: 'assumed-role', account: A, roleName: 'App' }],
    [`arn:aws-cn:sts::${A}:assumed-role/App/s`, { kind: 'assumed-role', partition: 'aws-cn' }],
    [`arn:aws:sts::${A}:federated-user/Bob`, { kind: 'federated-user', account: A }],
    ['cloudtrail.amazonaws.com', { kind: 'service', account: undefined }],
    ['logs.cn-north-1.amazonaws.com.cn', { kind: 'service' }],
  ];
  it.each(cases)('%s', (arn, expected) => {
    expect(parseCaller(arn)).toMatchObject({ arn, ...expected });
  });

  const bad = ['', 'Alice', `arn:aws:iam::${A}:group/Admins`, `arn:aws:iam::12345:root`, `arn:aws:s3:::bucket`, `arn:aws:sts::${A}:assumed-role/App`, '*'];
  it.each(bad)('rejects %j with a RequestError on the principal', (text) => {
    expect(() => parseCaller(text)).toThrow(RequestError);
  });

  it('checks principalAccount against the ARN', () => {
    expect(() => parseCaller(`arn:aws:iam::${A}:root`, B)).toThrow(/does not match/);
    expect(parseCaller(`arn:aws:iam::${A}:root`, A).account).toBe(A);
    expect(parseCaller('cloudtrail.amazonaws.com', B).account).toBeUndefined();
  });
});

describe('role crowds: roleSessionPrefix and sessionNameOk', () => {
  const cases: [string, string | undefined][] = [
    [`arn:aws:sts::${A}:assumed-role/App/session-1`, `arn:aws:sts::${A}:assumed-role/App/`],
    [`arn:aws:sts::${A}:assumed-role/App/a/b`, `arn:aws:sts::${A}:assumed-role/App/`],
    [`arn:aws:sts::${A}:assumed-role/App/`, undefined],
    [`arn:aws:sts::${A}:assumed-role/App`, undefined],
    [`arn:aws:iam::${A}:role/App`, undefined],
    ['cloudtrail.amazonaws.com', undefined],
  ];
  it.each(cases)('%s → %s', (arn, prefix) => expect(roleSessionPrefix(arn)).toBe(prefix));

  it('accepts the session names parseCaller accepts', () => {
    const prefix = `arn:aws:sts::${A}:assumed-role/App/`;
    for (const name of ['s', 'a/b', 'x y', 'é', 'line\nbreak', 'r\r', '\u2028']) {
      let parses = true;
      try {
        parseCaller(prefix + name);
      } catch {
        parses = false;
      }
      expect(sessionNameOk(prefix + name, prefix.length), JSON.stringify(name)).toBe(parses);
    }
    expect(sessionNameOk(prefix, prefix.length)).toBe(false);
  });
});

const set = (aws: string[], extra: Partial<PrincipalSet> = {}): PrincipalSet => ({
  wildcard: false,
  aws,
  service: [],
  federated: [],
  canonicalUser: [],
  ...extra,
});

describe('matchPrincipal', () => {
  const session = `arn:aws:sts::${A}:assumed-role/App/s1`;
  const cases: [string, PrincipalSet, string, 'direct' | 'account' | 'none'][] = [
    ['wildcard', { ...set([]), wildcard: true }, `arn:aws:iam::${B}:user/X`, 'direct'],
    ['account id, same account', set([A]), `arn:aws:iam::${A}:user/Alice`, 'account'],
    ['account root ARN, same account', set([`arn:aws:iam::${A}:root`]), `arn:aws:iam::${A}:role/App`, 'account'],
    ['account root ARN, other account', set([`arn:aws:iam::${B}:root`]), `arn:aws:iam::${A}:role/App`, 'none'],
    ['account names the root user', set([A]), `arn:aws:iam::${A}:root`, 'direct'],
    ['exact user ARN', set([`arn:aws:iam::${A}:user/Alice`]), `arn:aws:iam::${A}:user/Alice`, 'direct'],
    ['other user', set([`arn:aws:iam::${A}:user/Bob`]), `arn:aws:iam::${A}:user/Alice`, 'none'],
    ['role ARN covers its sessions', set([`arn:aws:iam::${A}:role/App`]), session, 'direct'],
    ['role ARN with a path covers sessions by name', set([`arn:aws:iam::${A}:role/path/App`]), session, 'direct'],
    ['role ARN of another account', set([`arn:aws:iam::${B}:role/App`]), session, 'none'],
    ['exact session ARN', set([session]), session, 'direct'],
    ['another session of the role', set([`arn:aws:sts::${A}:assumed-role/App/s2`]), session, 'none'],
    ['direct wins over account', set([A, `arn:aws:iam::${A}:user/Alice`]), `arn:aws:iam::${A}:user/Alice`, 'direct'],
    ['service principal', set([], { service: ['cloudtrail.amazonaws.com'] }), 'cloudtrail.amazonaws.com', 'direct'],
    ['a service written under AWS matches by its text', set(['cloudtrail.amazonaws.com']), 'cloudtrail.amazonaws.com', 'direct'],
    ['federated user', set([], { federated: [`arn:aws:sts::${A}:federated-user/Bob`] }), `arn:aws:sts::${A}:federated-user/Bob`, 'direct'],
  ];
  it.each(cases)('%s', (_, principals, caller, expected) => {
    expect(matchPrincipal(principals, parseCaller(caller))).toBe(expected);
  });
});

describe('notPrincipalApplies', () => {
  const alice = `arn:aws:iam::${A}:user/Alice`;
  const cases: [string, PrincipalSet, string, boolean][] = [
    ['user not listed', set([`arn:aws:iam::${A}:user/Bob`]), alice, true],
    ['user listed with its account: exempt', set([alice, A]), alice, false],
    ['user listed without its account: not exempt', set([alice]), alice, true],
    ['root exempt by its account', set([`arn:aws:iam::${A}:root`]), `arn:aws:iam::${A}:root`, false],
    ['a role ARN does not exempt the role', set([`arn:aws:iam::${A}:role/App`, A]), `arn:aws:iam::${A}:role/App`, true],
    ['session listed with its account: exempt', set([`arn:aws:sts::${A}:assumed-role/App/s`, A]), `arn:aws:sts::${A}:assumed-role/App/s`, false],
    ['service listed', set([], { service: ['cloudtrail.amazonaws.com'] }), 'cloudtrail.amazonaws.com', false],
    ['wildcard exempts everyone', { ...set([]), wildcard: true }, alice, false],
  ];
  it.each(cases)('%s', (_, principals, caller, expected) => {
    expect(notPrincipalApplies(principals, parseCaller(caller))).toBe(expected);
  });
});

describe('accountOfEntry and the principal context', () => {
  it.each([
    [A, A],
    [`arn:aws:iam::${A}:root`, A],
    [`arn:aws-us-gov:iam::${A}:root`, A],
    [`arn:aws:iam::${A}:user/root`, undefined],
    ['12345', undefined],
  ])('%s → %s', (entry, account) => expect(accountOfEntry(entry)).toBe(account));

  it('fills in the principal keys AWS does, per kind', () => {
    const session = parseCaller(`arn:aws:sts::${A}:assumed-role/App/s`);
    expect(principalContext(session)).toEqual({
      'aws:PrincipalType': 'AssumedRole',
      'aws:PrincipalIsAWSService': false,
      'aws:PrincipalArn': `arn:aws:iam::${A}:role/App`,
      'aws:PrincipalAccount': A,
      'kms:CallerAccount': A,
    });
    expect(principalContext(parseCaller(`arn:aws:iam::${A}:user/p/Alice`))['aws:username']).toBe('Alice');
    const service = parseCaller('cloudtrail.amazonaws.com');
    expect(principalContext(service)).toEqual({
      'aws:PrincipalType': 'AWSService',
      'aws:PrincipalIsAWSService': true,
      'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com',
    });
    expect(principalArnOf(service)).toBeUndefined();
    expect(principalTypeOf(parseCaller(`arn:aws:iam::${A}:root`))).toBe('Account');
  });
});

describe('classifyPrincipal and arnParts', () => {
  it.each([
    ['*', 'everyone'],
    [A, 'account'],
    [`arn:aws:iam::${A}:root`, 'root'],
    [`arn:aws:iam::${A}:user/p/Alice`, 'user'],
    [`arn:aws:iam::${A}:role/App`, 'role'],
    [`arn:aws:sts::${A}:assumed-role/App/s`, 'assumed-role'],
    [`arn:aws:sts::${A}:federated-user/Bob`, 'federated-user'],
    ['cloudtrail.amazonaws.com', 'service'],
    [`arn:aws:iam::${A}:group/G`, 'unknown'],
    ['nobody', 'unknown'],
  ])('%s → %s', (text, kind) => expect(classifyPrincipal(text)).toBe(kind));

  it('splits an ARN into its six parts and the resource type', () => {
    expect(arnParts(`arn:aws:sts::${A}:assumed-role/App/s:x`)).toEqual({
      partition: 'aws',
      service: 'sts',
      region: '',
      account: A,
      resource: 'assumed-role/App/s:x',
      type: 'assumed-role',
      rest: 'App/s:x',
    });
    expect(arnParts('arn:aws:iam::1')).toBeUndefined();
    expect(arnParts(`not:aws:iam::${A}:root`)).toBeUndefined();
  });
});

describe('accountOfPrincipalArn and isCallerArn agree with parseCaller', () => {
  it.each([
    `arn:aws:iam::${A}:root`,
    `arn:aws:iam::${A}:user/Alice`,
    `arn:aws:sts::${A}:assumed-role/App/s`,
    `arn:aws:sts::${A}:assumed-role/App`,
    `arn:aws:iam::${A}:group/G`,
    'cloudtrail.amazonaws.com',
    A,
  ])('%s', (text) => {
    let caller: Caller | undefined;
    try {
      caller = parseCaller(text);
    } catch {
      caller = undefined;
    }
    expect(isCallerArn(text)).toBe(caller !== undefined && caller.kind !== 'service');
    if (caller && caller.kind !== 'service') expect(accountOfPrincipalArn(text)).toBe(caller.account);
  });
});

/**
 * Keys under test carry their guardrails (organization SCPs and RCPs, permissions boundaries)
 * into every evaluation: the assertions answer as AWS would with them, and the same key without
 * them answers as before.
 */
import { RCP_FULL_AWS_ACCESS } from '@kmsim/core';
import type { Organization, PolicyDocument } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { expectCan, expectCannot, expectExplicitlyDenied, KmsimAssertionError } from '../src/assertions/index.js';
import { assertNeverAllowed, KmsimPropertyError } from '../src/properties/index.js';
import { guardrailsOf, type KeyUnderTest } from '../src/key-under-test.js';

const ACCT = '111122223333';
const MEMBER = '444455556666';
const OUTSIDE = '777788889999';
const outsider = `arn:aws:iam::${OUTSIDE}:role/Reader`;
const member = `arn:aws:iam::${MEMBER}:role/Reader`;
const app = `arn:aws:iam::${ACCT}:role/App`;
const allowDecrypt: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] };

/** Public by its key policy: anyone whose own account lets them may decrypt. */
const publicKey: KeyUnderTest = {
  keyPolicy: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Everyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' },
    ],
  },
  key: { arn: `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
  identityPolicies: { [outsider]: [allowDecrypt], [member]: [allowDecrypt] },
};
const DENY_OUTSIDE_ORG: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'RCPEnforceIdentityPerimeter',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:*',
      Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    },
  ],
};
const organization: Organization = {
  id: 'o-a1b2c3d4e5',
  managementAccount: '999999999999',
  // RCPFullAWSAccess stays beside the perimeter at the account (an empty level is the default).
  accounts: { [ACCT]: { ouPath: ['r-ab12'], rcps: [[], [RCP_FULL_AWS_ACCESS, DENY_OUTSIDE_ORG]] }, [MEMBER]: { ouPath: ['r-ab12'] } },
};
const closed: KeyUnderTest = { ...publicKey, organization };

describe('guardrails reach the assertions', () => {
  it("the key account's RCP denies the outsider the key policy lets in; members of the organization keep their access", () => {
    expectCan(publicKey, outsider, 'Decrypt');
    expectExplicitlyDenied(closed, outsider, 'Decrypt');
    expectCan(closed, member, 'Decrypt');
  });

  it('a failure names the RCP that decided', () => {
    let error: unknown;
    try {
      expectCan(closed, outsider, 'Decrypt');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KmsimAssertionError);
    expect((error as Error).message).toContain('RCPEnforceIdentityPerimeter');
  });

  it("a permissions boundary caps a role's identity policy (through the evaluator the hints build too)", () => {
    const withIam: KeyUnderTest = { ...publicKey, identityPolicies: { [app]: [allowDecrypt] } };
    expectCan(withIam, app, 'Decrypt');
    const boundary: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }] };
    const bounded: KeyUnderTest = {
      ...withIam,
      keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' }] },
      permissionsBoundaries: { [app]: boundary },
    };
    expectCannot(bounded, app, 'Decrypt');
  });

  it("properties range over the guardrails' conditions: the only way past an RCP on aws:SourceVpce is found", () => {
    const ONLY_VPCE: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OnlyThroughTheEndpoint',
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
        },
      ],
    };
    const key: KeyUnderTest = {
      ...publicKey,
      organization: { ...organization, accounts: { [ACCT]: { ouPath: ['r-ab12'], rcps: [[], [RCP_FULL_AWS_ACCESS, ONLY_VPCE]] } } },
    };
    let error: unknown;
    try {
      assertNeverAllowed(key, { principal: outsider, action: 'kms:Decrypt' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KmsimPropertyError);
    expect((error as KmsimPropertyError).counterexample.context).toEqual({ 'aws:SourceVpce': 'vpce-1a2b3c4d' });
  });

  it('guardrailsOf keeps exactly the guardrail fields that are set', () => {
    expect(guardrailsOf(closed)).toEqual({ organization });
    expect(guardrailsOf(publicKey)).toEqual({});
  });
});

/** Small composable arbitraries for the core's property tests (the testkit has the public ones). */
import fc from 'fast-check';
import type { EvaluationRequest, PolicyDocument, StatementDocument } from '../src/index.js';

export const OWNER = '111122223333';
export const EXTERNAL = '444455556666';
export const KEY_ARN = `arn:aws:kms:us-west-2:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const callers = [
  `arn:aws:iam::${OWNER}:role/App`,
  `arn:aws:iam::${OWNER}:user/Alice`,
  `arn:aws:sts::${OWNER}:assumed-role/App/session-1`,
  `arn:aws:iam::${OWNER}:root`,
  `arn:aws:iam::${EXTERNAL}:role/Ops`,
  `arn:aws:iam::${EXTERNAL}:root`,
  'cloudtrail.amazonaws.com',
];
const named = [
  `arn:aws:iam::${OWNER}:role/App`,
  `arn:aws:iam::${OWNER}:user/Alice`,
  `arn:aws:iam::${OWNER}:root`,
  OWNER,
  `arn:aws:iam::${EXTERNAL}:role/Ops`,
  `arn:aws:iam::${EXTERNAL}:root`,
];
const actionNames = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:ReEncryptFrom',
  'kms:DescribeKey',
  'kms:CreateGrant',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:GetKeyPolicy',
  'kms:ListGrants',
  'kms:DisableKey',
  'kms:ListKeys',
];
const actionPatterns = [...actionNames, 'kms:*', '*', 'kms:Get*', 'kms:*crypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:List*', 'kms:Describe?ey'];

export const arbCaller = fc.constantFrom(...callers);
export const arbActionName = fc.constantFrom(...actionNames);

const arbCondition = fc.constantFrom<NonNullable<StatementDocument['Condition']>>(
  { StringEquals: { 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' } },
  { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
  { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['AppName'] } },
  { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['AppName', 'Project'] } },
  { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  { StringEqualsIfExists: { 'kms:CallerAccount': OWNER } },
  { Null: { 'kms:ViaService': 'true' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${OWNER}:role/A*` } },
);

export const arbStatement: fc.Arbitrary<StatementDocument> = fc
  .record({
    effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'),
    principal: fc.oneof(
      fc.constant<'*'>('*'),
      fc.uniqueArray(fc.constantFrom(...named), { minLength: 1, maxLength: 3 }).map((aws) => ({ AWS: aws })),
      fc.constant({ Service: 'cloudtrail.amazonaws.com' }),
    ),
    notAction: fc.boolean(),
    actions: fc.uniqueArray(fc.constantFrom(...actionPatterns), { minLength: 1, maxLength: 4 }),
    condition: fc.option(arbCondition, { nil: undefined }),
  })
  .map(({ effect, principal, notAction, actions, condition }) => ({
    Effect: effect,
    Principal: principal,
    ...(notAction ? { NotAction: actions } : { Action: actions }),
    Resource: '*',
    ...(condition ? { Condition: condition } : {}),
  }));

export const arbPolicy: fc.Arbitrary<PolicyDocument> = fc
  .array(arbStatement, { minLength: 1, maxLength: 6 })
  .map((Statement) => ({ Version: '2012-10-17', Statement }));

export const arbIdentityPolicy: fc.Arbitrary<PolicyDocument> = fc
  .array(
    fc
      .tuple(arbStatement, fc.constantFrom('*', KEY_ARN, `arn:aws:kms:*:${OWNER}:key/*`))
      .map(([{ Principal: _p, ...rest }, Resource]) => ({ ...rest, Resource })),
    { minLength: 1, maxLength: 3 },
  )
  .map((Statement) => ({ Version: '2012-10-17', Statement }));

export const arbContext = fc.record(
  {
    'kms:ViaService': fc.constantFrom('ec2.us-west-2.amazonaws.com', 'rds.us-west-2.amazonaws.com'),
    'aws:SourceVpce': fc.constantFrom('vpce-1', 'vpce-2'),
    'kms:GrantIsForAWSResource': fc.boolean(),
    'kms:EncryptionContextKeys': fc.uniqueArray(fc.constantFrom('AppName', 'Project', 'Other'), { maxLength: 3 }),
    'aws:SourceIp': fc.constantFrom('203.0.113.7', '198.51.100.1'),
  },
  { requiredKeys: [] },
);

export const arbRequest: fc.Arbitrary<EvaluationRequest> = fc.record({
  principal: arbCaller,
  action: arbActionName,
  context: arbContext,
});

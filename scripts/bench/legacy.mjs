// Workloads kept from the earlier benches (issues #2 and #3): a 200-statement policy naming 100
// roles with conditions, and a policy at the 32 KB limit as large accounts write them.
import { consoleDefaultKeyPolicy } from '@kmsim/core';
import { ACCOUNT, EXTERNAL } from './workloads.mjs';

/** 200 statements naming 100 roles: statement i names app-(i mod 100), Deny when i mod 10 = 9. */
export const twoHundredPolicy = {
  Version: '2012-10-17',
  Statement: Array.from({ length: 200 }, (_, i) => ({
    Sid: `S${i}`,
    Effect: i % 10 === 9 ? 'Deny' : 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app-${i % 100}` },
    Action: i % 2 ? ['kms:Decrypt', 'kms:Encrypt'] : ['kms:GenerateDataKey*', 'kms:DescribeKey'],
    Resource: '*',
    Condition: {
      StringEquals: { 'kms:ViaService': [`s3.us-east-${(i % 2) + 1}.amazonaws.com`] },
      ...(i % 3 === 0 ? { 'ForAnyValue:StringLike': { 'kms:EncryptionContextKeys': ['app-*'] } } : {}),
    },
  })),
};

/**
 * 100 requests: role app-r (r = 37·i mod 100, so r has i's parity), kms:Decrypt through
 * s3.us-east-2 for odd i (the odd statements: Allow, or Deny when r mod 10 = 9), kms:GenerateDataKey
 * through s3.us-east-1 for even i (the even statements, all Allow).
 */
export function twoHundredRequests() {
  return Array.from({ length: 100 }, (_, i) => {
    const r = (i * 37) % 100;
    return {
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:role/app-${r}`,
        action: i % 2 ? 'kms:Decrypt' : 'kms:GenerateDataKey',
        context: { 'kms:ViaService': `s3.us-east-${(i % 2) + 1}.amazonaws.com`, 'kms:EncryptionContextKeys': ['app-x'] },
      },
      expected: i % 2 && r % 10 === 9 ? 'ExplicitDeny' : 'Allow',
    };
  });
}

// A key policy at the 32 KB limit, as large accounts write them: ~90 statements each naming one or two
// roles of two accounts, with StringEquals on kms:ViaService / kms:EncryptionContext:App /
// aws:SourceVpce, IpAddress, ForAnyValue on kms:EncryptionContextKeys, and some Deny statements.
export function largePolicy() {
  let seed = 42;
  const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const some = (xs, n) => {
    const rest = [...xs];
    const out = [];
    while (out.length < n && rest.length) out.push(rest.splice(Math.floor(random() * rest.length), 1)[0]);
    return out;
  };
  const services = ['s3', 'ec2', 'rds', 'lambda', 'secretsmanager', 'dynamodb'].map((s) => `${s}.us-east-1.amazonaws.com`);
  const apps = ['billing', 'payments', 'ledger', 'search', 'reports', 'audit', 'orders', 'catalog'];
  const endpoints = ['vpce-0a1b2c3d', 'vpce-1a2b3c4d', 'vpce-2b3c4d5e', 'vpce-3c4d5e6f'];
  const cidrs = ['10.0.0.0/16', '10.1.0.0/16', '192.168.10.0/24', '203.0.113.0/24', '198.51.100.0/24'];
  const contextKeys = ['App', 'Team', 'Env', 'aws:s3:arn', 'aws:rds:db-id'];
  const uses = [
    ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    ['kms:Decrypt', 'kms:DescribeKey'],
    ['kms:Encrypt', 'kms:GenerateDataKey'],
    ['kms:GenerateDataKeyWithoutPlaintext', 'kms:Decrypt'],
    ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
    ['kms:Decrypt'],
  ];
  // The console's key administrators statement (core's defaults), not a second copy of its actions.
  const admin = consoleDefaultKeyPolicy({
    account: ACCOUNT,
    keyType: 'symmetric',
    administrators: [`arn:aws:iam::${ACCOUNT}:role/KMSAdminRole`],
  }).Statement.find((st) => st.Sid === 'Allow access for Key Administrators').Action;
  const roles = [];
  for (let i = 0; i < 75; i++)
    roles.push(`arn:aws:iam::${i % 3 === 2 ? EXTERNAL : ACCOUNT}:role/${pick(['svc', 'app', 'team', 'ops'])}-${apps[i % apps.length]}-${i}`);
  const Statement = [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'Allow access for Key Administrators',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/KMSAdminRole`, `arn:aws:iam::${ACCOUNT}:user/KMSAdminUser`] },
      Action: admin,
      Resource: '*',
    },
    {
      Sid: 'Allow the partner account to decrypt',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${EXTERNAL}:root` },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': services[0] } },
    },
  ];
  for (let i = 0; i < 85; i++) {
    const deny = i % 8 === 7;
    const who = some(roles, 1 + Math.floor(random() * 2));
    if (i < roles.length && !who.includes(roles[i])) who[0] = roles[i];
    const Action = deny ? pick([['kms:Decrypt'], ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*'], ['kms:*']]) : pick(uses);
    const Condition = {};
    const add = (op, k, v) => ((Condition[op] ??= {})[k] = v);
    for (const kind of some(['via', 'app', 'vpce', 'ip', 'keys', 'via', 'app'], 1 + Math.floor(random() * 3))) {
      if (kind === 'via') add('StringEquals', 'kms:ViaService', random() < 0.5 ? pick(services) : some(services, 2));
      if (kind === 'app') add('StringEquals', 'kms:EncryptionContext:App', random() < 0.6 ? pick(apps) : some(apps, 2));
      if (kind === 'vpce') add(deny ? 'StringNotEquals' : 'StringEquals', 'aws:SourceVpce', random() < 0.7 ? pick(endpoints) : some(endpoints, 2));
      if (kind === 'ip') add(deny ? 'NotIpAddress' : 'IpAddress', 'aws:SourceIp', random() < 0.5 ? pick(cidrs) : some(cidrs, 2));
      if (kind === 'keys') add('ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', some(contextKeys, 1 + Math.floor(random() * 2)));
    }
    Statement.push({
      Sid: `${deny ? 'Deny' : 'Allow'}${who.map((w) => w.split('/')[1]).join('And')}Prod${i}`,
      Effect: deny ? 'Deny' : 'Allow',
      Principal: { AWS: who.length === 1 ? who[0] : who },
      Action,
      Resource: '*',
      Condition,
    });
  }
  Statement.push({
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 'kms:*',
    Resource: '*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  });
  return { Version: '2012-10-17', Id: 'generated-42', Statement };
}

// Benchmarks (`pnpm bench`): decisions per second through createEvaluator, on one core.
// Targets (issue #2): >= 1,000,000/s for the console default policy, >= 100,000/s for a
// 200-statement policy. Speed is checked here, never by timed unit tests.
import { consoleDefaultKeyPolicy, createEvaluator } from '@kmsim/core';
import { simulate } from '@kmsim/simulator';

const ACCOUNT = '111122223333';
const EXTERNAL = '444455556666';

function measure(label, evaluator, requests, target) {
  const warm = Math.min(requests.length * 20, 200_000);
  for (let i = 0; i < warm; i++) evaluator.evaluate(requests[i % requests.length]);
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const budget = 1_500_000_000n; // 1.5 s
  while (process.hrtime.bigint() - start < budget) {
    for (let i = 0; i < 10_000; i++) {
      const d = evaluator.evaluate(requests[(n + i) % requests.length]);
      if (d.decision === 'Allow') sink++;
    }
    n += 10_000;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = n / seconds;
  const ok = rate >= target ? 'meets' : 'BELOW';
  console.log(`${label}: ${Math.round(rate).toLocaleString('en-US')} decisions/s (${ok} the ${target.toLocaleString('en-US')}/s aim; ${sink} allows)`);
  return rate >= target;
}

const consoleEvaluator = createEvaluator({
  keyPolicy: consoleDefaultKeyPolicy({
    account: ACCOUNT,
    keyType: 'symmetric',
    administrators: [`arn:aws:iam::${ACCOUNT}:user/KMSAdminUser`, `arn:aws:iam::${ACCOUNT}:role/KMSAdminRole`],
    users: [`arn:aws:iam::${ACCOUNT}:user/ExampleUser`, `arn:aws:iam::${ACCOUNT}:role/ExampleRole`],
    externalAccounts: [EXTERNAL],
  }),
});
const principals = [
  `arn:aws:iam::${ACCOUNT}:role/ExampleRole`,
  `arn:aws:iam::${ACCOUNT}:user/KMSAdminUser`,
  `arn:aws:iam::${ACCOUNT}:role/Unnamed`,
  `arn:aws:iam::${EXTERNAL}:role/Ops`,
  `arn:aws:iam::${ACCOUNT}:root`,
];
const actions = ['kms:Decrypt', 'kms:Encrypt', 'kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:ScheduleKeyDeletion', 'kms:GenerateDataKey'];
const consoleRequests = [];
for (const principal of principals)
  for (const action of actions)
    consoleRequests.push({ principal, action, context: action === 'kms:CreateGrant' ? { 'kms:GrantIsForAWSResource': true } : {} });

// 200 statements naming 100 principals, with conditions.
const statements = [];
for (let i = 0; i < 200; i++) {
  const who = `arn:aws:iam::${ACCOUNT}:role/app-${i % 100}`;
  statements.push({
    Sid: `S${i}`,
    Effect: i % 10 === 9 ? 'Deny' : 'Allow',
    Principal: { AWS: who },
    Action: i % 2 ? ['kms:Decrypt', 'kms:Encrypt'] : ['kms:GenerateDataKey*', 'kms:DescribeKey'],
    Resource: '*',
    Condition: {
      StringEquals: { 'kms:ViaService': [`s3.us-east-${(i % 2) + 1}.amazonaws.com`] },
      ...(i % 3 === 0 ? { 'ForAnyValue:StringLike': { 'kms:EncryptionContextKeys': ['app-*'] } } : {}),
    },
  });
}
const bigEvaluator = createEvaluator({ keyPolicy: { Version: '2012-10-17', Statement: statements } });
const bigRequests = [];
for (let i = 0; i < 100; i++)
  bigRequests.push({
    principal: `arn:aws:iam::${ACCOUNT}:role/app-${(i * 37) % 100}`,
    action: i % 2 ? 'kms:Decrypt' : 'kms:GenerateDataKey',
    context: { 'kms:ViaService': `s3.us-east-${(i % 2) + 1}.amazonaws.com`, 'kms:EncryptionContextKeys': ['app-x'] },
  });

measure('evaluate, console default policy', consoleEvaluator, consoleRequests, 1_000_000);
measure('evaluate, 200-statement policy', bigEvaluator, bigRequests, 100_000);

// Full matrices (issue #3): aim under 50 ms, under 2 s and under 1 s. Median of several runs after a warm-up.
function timeMatrix(label, input, targetMs) {
  simulate(input);
  const times = [];
  let m;
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    m = simulate(input);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((x, y) => x - y);
  const median = times[2];
  console.log(
    `matrix, ${label}: ${median.toFixed(1)} ms median (${m.principals.length} principals × ${m.actions.length} actions, ${m.stats.evaluated} combinations evaluated, ${m.stats.merged} merged; ${median <= targetMs ? 'meets' : 'ABOVE'} the ${targetMs} ms aim)`,
  );
}
timeMatrix('console default policy', { keyPolicy: consoleEvaluator.keyPolicy }, 50);
timeMatrix('200-statement policy naming 100 principals with conditions', { keyPolicy: { Version: '2012-10-17', Statement: statements } }, 2000);

// A key policy at the 32 KB limit, as large accounts write them: ~90 statements each naming one or two
// roles of two accounts, with StringEquals on kms:ViaService / kms:EncryptionContext:App /
// aws:SourceVpce, IpAddress, ForAnyValue on kms:EncryptionContextKeys, and some Deny statements.
function largePolicy() {
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
  const admin = ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'];
  const roles = [];
  for (let i = 0; i < 75; i++) roles.push(`arn:aws:iam::${i % 3 === 2 ? EXTERNAL : ACCOUNT}:role/${pick(['svc', 'app', 'team', 'ops'])}-${apps[i % apps.length]}-${i}`);
  const Statement = [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/KMSAdminRole`, `arn:aws:iam::${ACCOUNT}:user/KMSAdminUser`] }, Action: admin, Resource: '*' },
    { Sid: 'Allow the partner account to decrypt', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${EXTERNAL}:root` }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*', Condition: { StringEquals: { 'kms:ViaService': services[0] } } },
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
  Statement.push({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  return { Version: '2012-10-17', Id: 'generated-42', Statement };
}
const large = largePolicy();
const largeBytes = Buffer.byteLength(JSON.stringify(large));
const largeRoles = new Set(large.Statement.flatMap((s) => [s.Principal.AWS ?? []].flat()).filter((p) => p.includes(':role/'))).size;
timeMatrix(
  `32 KB policy (${large.Statement.length} statements, ${largeBytes.toLocaleString('en-US')} bytes, naming ${largeRoles} roles of two accounts, with conditions and Deny statements)`,
  { keyPolicy: large },
  1000,
);

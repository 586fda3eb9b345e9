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

// Full matrices (issue #3): aim under 50 ms and under 2 s. Median of several runs after a warm-up.
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

// Runnable README example: `node packages/simulator/examples/quickstart.mjs` after `pnpm build`.
import { consoleDefaultKeyPolicy } from '@kmsim/core';
import { diffPolicies, explainCell, simulate } from '@kmsim/simulator';

const account = '111122223333';
const app = `arn:aws:iam::${account}:role/App`;
const before = consoleDefaultKeyPolicy({
  account,
  keyType: 'symmetric',
  administrators: [`arn:aws:iam::${account}:role/KMSAdminRole`],
  users: [app],
});

// Every principal the policy names (and the ones it doesn't) × every action of a symmetric key.
const matrix = simulate({ keyPolicy: before });
console.log(`${matrix.principals.length} principals × ${matrix.actions.length} actions`);
for (const label of ['role/App', 'any principal (IAM kms:*)', 'outsider']) {
  const row = matrix.principals.find((p) => p.label === label);
  console.log(`${label} → kms:Decrypt: ${matrix.cell(row.id, 'kms:Decrypt').summary}`);
}
const grant = explainCell(matrix, app, 'kms:CreateGrant');
console.log(`role/App → kms:CreateGrant: ${grant.summary} (statement "${grant.terms.find((t) => t.decision === 'Allow').statements[0].sid}")`);

// What changes if a partner account may decrypt through S3?
const after = {
  ...before,
  Statement: [
    ...before.Statement,
    {
      Sid: 'Partner decrypts through S3',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:root' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } },
    },
  ],
};
for (const e of diffPolicies({ keyPolicy: before }, { keyPolicy: after }).entries) console.log(e.summary);

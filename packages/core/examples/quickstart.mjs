// Runnable README example: `node packages/core/examples/quickstart.mjs` after `pnpm build`.
import { consoleDefaultKeyPolicy, createEvaluator, parseKeyPolicy } from '@kmsim/core';

// The console's default policy for a symmetric key, as AWS documents it.
const keyPolicy = consoleDefaultKeyPolicy({
  account: '111122223333',
  keyType: 'symmetric',
  administrators: ['arn:aws:iam::111122223333:role/KMSAdminRole'],
  users: ['arn:aws:iam::111122223333:role/App'],
});

const evaluator = createEvaluator({ keyPolicy }); // compile once, evaluate many times
const app = evaluator.evaluate({ principal: 'arn:aws:iam::111122223333:role/App', action: 'kms:Decrypt' });
console.log(`App → kms:Decrypt: ${app.decision}. ${app.reason}`);

const admin = evaluator.evaluate({ principal: 'arn:aws:iam::111122223333:role/KMSAdminRole', action: 'kms:Decrypt' });
console.log(`KMSAdminRole → kms:Decrypt: ${admin.decision}. ${admin.reason}`);

const broken = parseKeyPolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Principal":"*","Action":"kms:*","Resource":"*"}]}');
for (const d of broken.diagnostics) console.log(`${d.severity} ${d.code} at ${d.path} (line ${d.line}, column ${d.column}): ${d.message}`);

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The README's runnable example (run against the build, as a user would) prints what the README shows.
it('examples/quickstart.mjs prints what the README says', () => {
  const out = execFileSync(process.execPath, [fileURLToPath(new URL('../examples/quickstart.mjs', import.meta.url))], { encoding: 'utf8' }).trim();
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  expect(/prints:\n\n```text\n([\s\S]*?)\n```/.exec(readme)?.[1]).toBe(out);
  expect(out).toContain('outsider → kms:Decrypt: Implicit deny');
  expect(out).toContain('GAINED: 444455556666 any principal kms:Decrypt when kms:ViaService is s3.us-west-2.amazonaws.com');
});

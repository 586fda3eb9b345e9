import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The README's runnable example (run against the build, as a user would) prints what the README shows.
it('examples/quickstart.mjs prints what the README says', () => {
  const script = fileURLToPath(new URL('../examples/quickstart.mjs', import.meta.url));
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8' }).trim();
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  const shown = /It prints:\n\n```text\n([\s\S]*?)\n```/.exec(readme)?.[1];
  expect(shown).toBeDefined();
  expect(out).toBe(shown);
  expect(out).toContain('App → kms:Decrypt: Allow.');
  expect(out).toContain('KMSAdminRole → kms:Decrypt: ImplicitDeny.');
  expect(out).toContain('error effect-invalid at $.Statement[0].Effect (line 1, column 39)');
});

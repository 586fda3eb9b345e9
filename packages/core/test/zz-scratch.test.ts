import { readFileSync, readdirSync } from 'node:fs';
import { it } from 'vitest';
import { parseKeyPolicy, parseIdentityPolicy } from '../src/parse/parse-policy.js';
it('dump', () => {
  const counts: Record<string, number> = {};
  for (const f of readdirSync('/work/shared/conformance').filter((x) => x.endsWith('.json'))) {
    const cases = JSON.parse(readFileSync('/work/shared/conformance/' + f, 'utf8'));
    for (const c of cases) {
      const out: string[] = [];
      if (c.keyPolicy) {
        const r = parseKeyPolicy(c.keyPolicy, { keyArn: c.key?.arn });
        for (const d of r.diagnostics) { counts[d.code] = (counts[d.code] ?? 0) + 1; out.push(`  K ${d.severity} ${d.code} ${d.path} ${d.message}`); }
      }
      for (const [p, list] of Object.entries(c.identityPolicies ?? {})) {
        for (const pol of list as unknown[]) {
          const r = parseIdentityPolicy(pol);
          for (const d of r.diagnostics) { counts['I:' + d.code] = (counts['I:' + d.code] ?? 0) + 1; out.push(`  I ${d.severity} ${d.code} ${d.path} ${d.message}`); }
        }
      }
      if (out.length) console.log(f, c.id, c.expected ?? '', '\n' + out.join('\n'));
    }
  }
  console.log(counts);
});

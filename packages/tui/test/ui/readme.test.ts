/** The README's "Interactive explorer" section lists every key the help screen lists. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEY_BINDINGS, MARKS } from '../../src/ui/model/help.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Interactive explorer'));

describe('README: Interactive explorer', () => {
  it('has the section', () => {
    expect(readme).toContain('## Interactive explorer');
  });

  it('names every key binding', () => {
    for (const s of KEY_BINDINGS) {
      for (const b of s.bindings) {
        for (const key of b.keys.split(/[\s,]+/).filter(Boolean)) expect(section, `${s.title}: ${b.keys}`).toContain(`\`${key}\``);
      }
    }
  });

  it('explains every mark', () => {
    for (const m of MARKS) for (const mark of m.keys.split(/\s+/)) expect(section).toContain(`\`${mark}\``);
  });
});

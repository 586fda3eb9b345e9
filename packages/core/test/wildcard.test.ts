/**
 * The linear-time wildcard matcher against a reference written as regular expressions (the
 * documented rules, spelled the obvious way), on random patterns and values over a small alphabet
 * so that matches are frequent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWildcard, type WildcardKind } from '../src/compile/wildcard.js';
import { compileGlob, LITERAL_QUESTION, LITERAL_STAR } from '../src/conditions/glob.js';

const RUNS = Number(process.env['KMSIM_FC_RUNS'] ?? 2000);
const escapeRegex = (s: string): string => s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');

function reference(pattern: string, kind: WildcardKind): (v: string) => boolean {
  const glob = (p: string, star: string, one: string): string =>
    p
      .split('')
      .map((ch) => (ch === '*' ? star : ch === '?' ? one : escapeRegex(ch)))
      .join('');
  let body: string;
  let flags = 's';
  switch (kind) {
    case 'exact':
      body = escapeRegex(pattern);
      break;
    case 'fold':
      body = escapeRegex(pattern);
      flags += 'i';
      break;
    case 'glob':
    case 'glob-fold':
      body = glob(pattern, '.*', '.');
      if (kind === 'glob-fold') flags += 'i';
      break;
    case 'resource':
      body = pattern
        .split('')
        .map((ch, i) => (ch === '*' ? (i === pattern.length - 1 || pattern.charAt(i + 1) === ':' ? '.*' : '[^:]*') : ch === '?' ? '[^:]' : escapeRegex(ch)))
        .join('');
      break;
    case 'arn': {
      const parts = pattern.split(':');
      body =
        parts.length < 6
          ? glob(pattern, '.*', '.')
          : [...parts.slice(0, 5).map((p) => glob(p, '[^:]*', '[^:]')), glob(parts.slice(5).join(':'), '.*', '.')].join(':');
      break;
    }
  }
  const re = new RegExp(`^${body}$`, flags);
  return (v) => re.test(v);
}

const KINDS: WildcardKind[] = ['exact', 'fold', 'glob', 'glob-fold', 'resource', 'arn'];
const patternArb = fc.string({ unit: fc.constantFrom('a', 'B', 'b', ':', '*', '?'), maxLength: 14 });
const valueArb = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', ':'), maxLength: 16 });

describe('compileWildcard', () => {
  for (const kind of KINDS) {
    it(`agrees with the regular-expression reference (${kind})`, () => {
      fc.assert(
        fc.property(patternArb, fc.array(valueArb, { minLength: 1, maxLength: 6 }), (pattern, values) => {
          const ours = compileWildcard(pattern, kind);
          const ref = reference(pattern, kind);
          for (const v of values) expect(ours(v), `${kind} ${JSON.stringify(pattern)} ~ ${JSON.stringify(v)}`).toBe(ref(v));
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('reads the literal positions of ${*} and ${?} as plain characters', () => {
    expect(compileWildcard('a*b', 'glob', new Set([1]))('a*b')).toBe(true);
    expect(compileWildcard('a*b', 'glob', new Set([1]))('axb')).toBe(false);
    expect(compileWildcard('a?', 'glob', new Set([1]))('a?')).toBe(true);
    expect(compileWildcard('a?', 'glob', new Set([1]))('ax')).toBe(false);
    // ARN patterns: positions count across the components.
    expect(compileWildcard('arn:aws:s3:::a*', 'arn', new Set([14]))('arn:aws:s3:::a*')).toBe(true);
    expect(compileWildcard('arn:aws:s3:::a*', 'arn', new Set([14]))('arn:aws:s3:::ab')).toBe(false);
    expect(compileWildcard('arn:aws:s3:::a*', 'arn')('arn:aws:s3:::ab')).toBe(true);
  });

  it('compileGlob still reads the public LITERAL_STAR / LITERAL_QUESTION stand-ins as literal characters', () => {
    expect(compileGlob(`a${LITERAL_STAR}b`)('a*b')).toBe(true);
    expect(compileGlob(`a${LITERAL_STAR}b`)('axb')).toBe(false);
    expect(compileGlob(`a${LITERAL_QUESTION}`)('a?')).toBe(true);
    expect(compileGlob(`a${LITERAL_QUESTION}`)('ax')).toBe(false);
  });

  it('decides a pattern that makes backtracking matchers exponential, on a long value', () => {
    const pattern = `${'*a'.repeat(20)}*b`;
    const match = compileWildcard(pattern, 'glob');
    expect(match('a'.repeat(10_000))).toBe(false);
    expect(match(`${'a'.repeat(10_000)}b`)).toBe(true);
    const resource = compileWildcard(`arn:aws:kms:${'*a'.repeat(20)}x:1:key/*`, 'resource');
    expect(resource(`arn:aws:kms:${'a'.repeat(10_000)}:1:key/k`)).toBe(false);
  });
});

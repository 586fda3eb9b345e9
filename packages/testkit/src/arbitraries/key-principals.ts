/**
 * Principals a key's policies mention, as an arbitrary restricted to a domain: the named
 * principals and the roles of the named accounts that the domain accepts, and instances of the
 * aws:PrincipalArn patterns (`arn:aws:iam::*:role/app-*` → `arn:aws:iam::<an account of the
 * domain>:role/app-<name>`), whose wildcards shrink to nothing.
 */
import { ACCOUNT_ID, arnParts, isCallerText, wildcardElems } from '@kmsim/core/internal';
import { hasWildcard } from '@kmsim/core';
import fc, { type Arbitrary } from 'fast-check';
import type { KeyLike } from '../key-under-test.js';
import { keyFacts } from './key-facts.js';

export interface PrincipalDomain {
  /** Accounts of the domain, for pattern instances whose account is a wildcard. */
  readonly accounts: Arbitrary<string>;
  readonly accepts: (principal: string) => boolean;
}

const valid = isCallerText;

const FILL_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-'.split('');
const fill = (): Arbitrary<string> => fc.string({ unit: fc.constantFrom(...FILL_CHARS), maxLength: 6 });
const one = (): Arbitrary<string> => fc.constantFrom(...FILL_CHARS);

/** Pieces of a glob, read by core's wildcard elements: runs of literal text, `*` and `?`. */
function pieces(glob: string): string[] {
  const out: string[] = [];
  let text = '';
  for (const e of wildcardElems(glob, 'glob')) {
    if (e.kind === 'char') {
      text += e.ch;
      continue;
    }
    if (text !== '') out.push(text);
    text = '';
    out.push(e.kind === 'star' ? '*' : '?');
  }
  if (text !== '') out.push(text);
  return out;
}

/**
 * An arbitrary over the instances of one principal pattern (or literal): its account becomes an
 * account of the domain unless it is a literal account id; `*`/`?` become generated text.
 */
function instances(pattern: string, domain: PrincipalDomain): Arbitrary<string> | undefined {
  const parts = pattern.split(':');
  if (parts.length < 6) return undefined;
  const [arn = '', partition = '', service = '', , account = ''] = parts;
  if (arn !== 'arn' && arn !== '*') return undefined;
  const head = `arn:${hasWildcard(partition) ? 'aws' : partition}:${hasWildcard(service) || service === '' ? 'iam' : service}::`;
  let resource = parts.slice(5).join(':');
  if (/^[*?]/.test(resource) && !/^(role|user|assumed-role|federated-user)\//.test(resource)) resource = `role/${resource}`;
  const resourcePieces = pieces(resource);
  const fills = resourcePieces.map((p) => (p === '*' ? fill() : p === '?' ? one() : fc.constant(p)));
  const accounts = ACCOUNT_ID.test(account) ? fc.constant(account) : domain.accounts;
  const build = (acct: string, texts: readonly string[]): string => {
    const text = `${head}${acct}:${texts.join('')}`;
    if (valid(text)) return text;
    // An empty fill can leave an ARN without a name (`assumed-role/app-/`): fill it with one character.
    return `${head}${acct}:${texts.map((t, i) => (t === '' && resourcePieces[i] === '*' ? 'x' : t)).join('')}`;
  };
  const sample = build(
    ACCOUNT_ID.test(account) ? account : '000000000000',
    resourcePieces.map((p) => (p === '*' || p === '?' ? 'x' : p)),
  );
  if (!valid(sample)) return undefined;
  // A literal account outside the domain never yields an instance the domain accepts.
  if (ACCOUNT_ID.test(account) && !domain.accepts(sample)) return undefined;
  return fc.tuple(accounts, fc.tuple(...fills)).map(([acct, texts]) => build(acct, texts));
}

/** The key's principals in the domain, or `undefined` when the policies mention none. */
export function keyPrincipals(key: KeyLike, domain: PrincipalDomain): Arbitrary<string> | undefined {
  const facts = keyFacts(key);
  const branches: Arbitrary<string>[] = [];
  const named = facts.principals.filter((p) => valid(p) && domain.accepts(p));
  const partition = arnParts(facts.evaluation.evaluator.key.arn)?.partition ?? 'aws';
  const ofAccounts = facts.accounts
    .flatMap((a) => [`arn:${partition}:iam::${a}:root`, `arn:${partition}:iam::${a}:role/kmsim-role`])
    .filter((p) => domain.accepts(p));
  const literals = [...new Set([...named, ...ofAccounts])];
  if (literals.length) branches.push(fc.constantFrom(...literals));
  for (const pattern of facts.principalPatterns) {
    const arb = instances(pattern, domain);
    if (arb) branches.push(arb.filter(domain.accepts));
  }
  if (branches.length === 0) return undefined;
  return branches.length === 1 ? branches[0] : fc.oneof(...branches);
}

/** expectNoFindings: the simulator's findings for a key, at or above a severity, must be none. */
import { findings, type Finding, type Severity } from '@kmsim/simulator';
import { guardrailsOf, toKeyUnderTest, type KeyLike } from '../key-under-test.js';
import { keyEvaluation } from './evaluation.js';
import { requireValid, type InvalidPolicyOption } from './policy-error.js';

export interface FindingsExpectation extends InvalidPolicyOption {
  /** Only findings at least this severe count. Default `low` (every finding but the `info` descriptions). */
  readonly severity?: Severity;
  /** Rule ids to leave out, e.g. `['admin-can-use-key']`. */
  readonly ignore?: readonly string[];
}

const ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export class KmsimFindingsError extends Error {
  override readonly name = 'KmsimFindingsError';
  constructor(
    message: string,
    readonly findings: readonly Finding[],
  ) {
    super(message);
  }
}

/** The findings that count for the expectation. */
export function countedFindings(key: KeyLike, options: FindingsExpectation = {}): Finding[] {
  const k = toKeyUnderTest(key);
  const e = keyEvaluation(key);
  requireValid(e.key, e.policyErrors, options, countedFindings);
  const threshold = ORDER.indexOf(options.severity ?? 'low');
  const ignore = new Set(options.ignore ?? []);
  return findings({
    keyPolicy: k.keyPolicy,
    ...(k.identityPolicies ? { identityPolicies: k.identityPolicies } : {}),
    ...(k.grants ? { grants: k.grants } : {}),
    ...(k.key ? { key: k.key } : {}),
    ...guardrailsOf(k),
  }).filter((f) => ORDER.indexOf(f.severity) <= threshold && !ignore.has(f.id));
}

export function formatFindings(key: KeyLike, list: readonly Finding[], options: FindingsExpectation = {}): string {
  const k = toKeyUnderTest(key);
  const scope = `${options.severity ?? 'low'} severity or above${options.ignore?.length ? `, ignoring ${options.ignore.join(', ')}` : ''}`;
  const head = `expected ${k.source ?? 'the key policy'} to have no findings (${scope}), but it has ${list.length}:`;
  const body = list.flatMap((f, i) => [
    '',
    `${i + 1}. [${f.severity}] ${f.id}: ${f.title}`,
    `   ${f.message}`,
    ...(f.statements.length
      ? [`   statements: ${f.statements.map((s) => `${s.sid !== undefined ? `"${s.sid}"` : `#${s.index + 1}`} (${s.path})`).join(', ')}`]
      : []),
    `   fix: ${f.fix}`,
  ]);
  return [head, ...body].join('\n');
}

export function expectNoFindings(key: KeyLike, options?: FindingsExpectation): void {
  const list = countedFindings(key, options);
  if (list.length > 0) {
    const error = new KmsimFindingsError(formatFindings(key, list, options), list);
    Error.captureStackTrace?.(error, expectNoFindings);
    throw error;
  }
}

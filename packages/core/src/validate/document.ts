/**
 * Checks on the policy document as a whole: its top-level elements, Version, Id and Statement.
 *
 * Sources named below:
 * - GRAMMAR: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * - KEY_POLICY_ELEMENTS: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements
 */
import { POLICY_VERSIONS } from '../model/policy.js';
import { childPath } from '../parse/json-path.js';
import { describeType, get, has, isObject, q, type DocumentCheck } from './context.js';
import { didYouMean } from './suggest.js';

const TOP_LEVEL = ['Version', 'Id', 'Statement'] as const;

/**
 * Rule: a policy has only Version, Id and Statement at the top (element names are case-sensitive).
 * Warning, as the brief asks: a misspelt required element is reported anyway as missing.
 * Source: GRAMMAR (policy = { <version_block?> <id_block?> <statement_block> }).
 */
const unknownTopLevel: DocumentCheck = (doc, ctx) => {
  for (const name of Object.keys(doc)) {
    if ((TOP_LEVEL as readonly string[]).includes(name)) continue;
    ctx.report(
      'unknown-element',
      'warning',
      childPath('$', name),
      `Unknown top-level element ${q(name)}: a policy has only Version, Id and Statement (names are case-sensitive).${didYouMean(name, TOP_LEVEL)}`,
    );
  }
};

/**
 * Rule: Version is "2012-10-17" or "2008-10-17"; a key policy must have it ("Set the version to
 * 2012-10-17"), an identity policy may omit it (IAM then uses 2008-10-17, without policy variables).
 * With 2008-10-17, `${…}` policy variables are literal text.
 * Sources: KEY_POLICY_ELEMENTS (Version); GRAMMAR (<version_block> = "Version" : ("2008-10-17" | "2012-10-17"));
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
 */
const version: DocumentCheck = (doc, ctx) => {
  if (!has(doc, 'Version')) {
    if (ctx.kind === 'key') {
      ctx.report('version-missing', 'error', '$', 'Version is missing: a key policy must have "Version": "2012-10-17"');
    } else {
      ctx.report(
        'version-missing',
        'warning',
        '$',
        'Version is missing: IAM then applies the 2008-10-17 language, in which ${…} policy variables are literal text; add "Version": "2012-10-17"',
      );
    }
    return;
  }
  const v = get(doc, 'Version');
  if (typeof v !== 'string') {
    ctx.report('wrong-type', 'error', '$.Version', `Version must be a string ("2012-10-17"), not ${describeType(v ?? null)}`);
    return;
  }
  if (!(POLICY_VERSIONS as readonly string[]).includes(v)) {
    ctx.report('version-unknown', 'error', '$.Version', `Version ${q(v)} is not a policy language version: use "2012-10-17" (or the older "2008-10-17")`);
  } else if (v === '2008-10-17') {
    ctx.report(
      'version-unknown',
      'warning',
      '$.Version',
      `Version "2008-10-17" is the old policy language: policy variables such as \${aws:username} are treated as literal text${ctx.kind === 'key' ? '; the KMS guide says to use "2012-10-17"' : ''}`,
    );
  }
};

/**
 * Rule: Id is a string; identity-based policies must not include it.
 * Source: GRAMMAR (Policy grammar notes: "The id_block ... must not be included in identity-based policies").
 */
const id: DocumentCheck = (doc, ctx) => {
  if (!has(doc, 'Id')) return;
  const value = get(doc, 'Id');
  if (typeof value !== 'string') {
    ctx.report('wrong-type', 'error', '$.Id', `Id must be a string, not ${describeType(value ?? null)}`);
  } else if (ctx.kind === 'identity') {
    ctx.report('unknown-element', 'warning', '$.Id', 'Id is for resource-based policies; IAM says identity-based policies must not include it');
  }
};

/**
 * Rule: Statement is required; it is an object or a non-empty array of objects ("A key policy
 * document must have at least one statement"; brackets are optional around a single value).
 * Sources: KEY_POLICY_ELEMENTS (Statement); GRAMMAR (conventions: "the brackets are optional").
 */
const statement: DocumentCheck = (doc, ctx) => {
  if (!has(doc, 'Statement')) {
    ctx.report('statement-missing', 'error', '$', 'Statement is missing: a policy must have at least one statement');
    return;
  }
  const value = get(doc, 'Statement') ?? null;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      ctx.report('statement-empty', 'error', '$.Statement', 'Statement is an empty array: a policy must have at least one statement');
    }
    value.forEach((item, i) => {
      if (!isObject(item)) {
        ctx.report('wrong-type', 'error', childPath('$.Statement', i), `Statement entries must be objects, but Statement[${i}] is ${describeType(item)}`);
      }
    });
  } else if (!isObject(value)) {
    ctx.report('wrong-type', 'error', '$.Statement', `Statement must be an object or an array of objects, not ${describeType(value)}`);
  }
};

export const DOCUMENT_CHECKS: readonly DocumentCheck[] = [unknownTopLevel, version, id, statement];

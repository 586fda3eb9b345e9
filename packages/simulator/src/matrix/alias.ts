/**
 * The alias columns (kms:CreateAlias, UpdateAlias, DeleteAlias) answer for "any alias" of the key's
 * account and Region as a class, never for one made-up alias a policy could exclude. A request is
 * sent without an alias: core answers it when the answer holds for every alias, and otherwise
 * (RequestError on `aliasArn`) cuts the aliases into the classes the caller's identity statements
 * treat alike, each with a real witness alias, and each class is answered. When the classes
 * disagree, the most permissive answer stands (an adversary picks the alias) and the cell says
 * why it is incomplete.
 */
import { RequestError, type DecisionKind, type EvaluationRequest, type Evaluator } from '@kmsim/core';

export interface AliasAnswer {
  readonly decision: DecisionKind;
  /** The witness alias the decision was reached with, when the answer is not the same for every alias. */
  readonly aliasArn?: string;
  /** Why the decision does not hold for every alias (set exactly when it may not). */
  readonly varies?: string;
  /** Some aliases get a less permissive answer than `decision`. */
  readonly partial?: boolean;
}

/** A cell's outcome when some of its points hold for some aliases only: an Allow is then conditional. */
export const outcomeOverAliases = <T extends string>(outcome: T, partial: boolean): T | 'Conditional' =>
  partial && outcome === 'Allow' ? 'Conditional' : outcome;

/** Allow first: the answer an adversary choosing the alias would get. */
const PERMISSIVE: readonly DecisionKind[] = ['Allow', 'ImplicitDeny', 'ExplicitDeny'];

/** The answer for a request of an alias column (no `aliasArn`), over every alias of the key's account and Region. */
export function answerForAnyAlias(evaluator: Evaluator, request: EvaluationRequest): AliasAnswer {
  try {
    return { decision: evaluator.evaluate(request).decision };
  } catch (e) {
    if (!(e instanceof RequestError) || e.field !== 'aliasArn' || evaluator.aliasClasses === undefined) throw e;
    const { classes, incomplete } = evaluator.aliasClasses(request);
    const answers = classes.map((c) => ({ aliasArn: c.witness, decision: evaluator.evaluate({ ...request, aliasArn: c.witness }).decision }));
    const best = answers.sort((a, b) => PERMISSIVE.indexOf(a.decision) - PERMISSIVE.indexOf(b.decision))[0];
    if (best === undefined)
      return { decision: 'ImplicitDeny', varies: `${e.message.replace(/^request\.aliasArn: /, '')}; ${incomplete ?? 'no alias class was found'}` };
    const differ = answers.some((a) => a.decision !== best.decision);
    if (!differ && incomplete === undefined) return { decision: best.decision, aliasArn: best.aliasArn };
    const examples = [...new Map(answers.map((a) => [a.decision, a.aliasArn])).entries()].map(([d, arn]) => `${d} for aliases such as ${arn}`);
    const reasons = [...(differ ? [`the answer depends on the alias: ${examples.join(', ')}`] : []), ...(incomplete === undefined ? [] : [incomplete])];
    return { decision: best.decision, aliasArn: best.aliasArn, varies: reasons.join('; '), ...(differ ? { partial: true } : {}) };
  }
}

/** The Decision object: the decision is a field; the sentence, references and trace are written when read. */
import type { Decision, DecisionKind, StatementRef, Trace } from '../evaluate/types.js';
import type { Facts, Verdict } from './decide.js';

type AllowRef = Decision['allowedBy'][number];

/** What writes a decision's explanation (one per evaluator). */
export interface Explainer<R, E> {
  reason(v: Verdict, f: Facts, request: R): string;
  allowedBy(v: Verdict, f: Facts): AllowRef[];
  deniedBy(v: Verdict, f: Facts): StatementRef[];
  trace(v: Verdict, f: Facts, request: R, caller: E): Trace;
}

export class LazyDecision<R, E> implements Decision {
  readonly decision: DecisionKind;
  private cache: { reason?: string; allowedBy?: AllowRef[]; deniedBy?: StatementRef[]; trace?: Trace } | undefined;

  constructor(
    /** What decided, and what it read (the guardrails step reads both). */
    readonly verdict: Verdict,
    readonly facts: Facts,
    private readonly request: R,
    private readonly caller: E,
    private readonly explainer: Explainer<R, E>,
  ) {
    this.decision = verdict.decision;
  }

  private get memo(): { reason?: string; allowedBy?: AllowRef[]; deniedBy?: StatementRef[]; trace?: Trace } {
    return (this.cache ??= {});
  }

  get reason(): string {
    return (this.memo.reason ??= this.explainer.reason(this.verdict, this.facts, this.request));
  }

  get allowedBy(): Decision['allowedBy'] {
    return (this.memo.allowedBy ??= this.explainer.allowedBy(this.verdict, this.facts));
  }

  get deniedBy(): readonly StatementRef[] {
    return (this.memo.deniedBy ??= this.explainer.deniedBy(this.verdict, this.facts));
  }

  get trace(): Trace {
    return (this.memo.trace ??= this.explainer.trace(this.verdict, this.facts, this.request, this.caller));
  }

  toJSON(): Omit<Decision, never> {
    return { decision: this.decision, reason: this.reason, deniedBy: this.deniedBy, allowedBy: this.allowedBy, trace: this.trace };
  }
}

/** The Decision object: plain fields plus a trace computed on first access (and in JSON). */
import type { Decision, DecisionKind, StatementRef, Trace } from './types.js';

export class LazyDecision implements Decision {
  private computed: Trace | undefined;
  constructor(
    readonly decision: DecisionKind,
    readonly reason: string,
    readonly deniedBy: readonly StatementRef[],
    readonly allowedBy: Decision['allowedBy'],
    private readonly explain: () => Trace,
  ) {}

  get trace(): Trace {
    this.computed ??= this.explain();
    return this.computed;
  }

  toJSON(): Omit<Decision, never> {
    return { decision: this.decision, reason: this.reason, deniedBy: this.deniedBy, allowedBy: this.allowedBy, trace: this.trace };
  }
}

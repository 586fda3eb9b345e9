/** Public shapes of the condition space, and the internal candidate every domain module produces. */
import type { ConditionKeyType, ContextRecord, ContextValue } from '@kmsim/core';

export interface ValueClass {
  /** The condition key, spelled as first written in the policies. */
  readonly key: string;
  /** Stable, short, unique within the key: `absent`, `eq:ec2.us-west-2.amazonaws.com`, `other`, `lt:180`, `ge:180` … */
  readonly id: string;
  /** Reads well after "when <key> is …": `ec2.us-west-2.amazonaws.com`, `below 180`, `inside 203.0.113.0/24`, `{AppName, Project}` … */
  readonly label: string;
  /** A witness value; `undefined` means the key is absent from the request. */
  readonly value: ContextValue | undefined;
  /**
   * For the principal of a class row: the witness member the request is sent as, and its identity
   * keys core does not derive from it (aws:userid). The key itself is then not written in the request.
   */
  readonly principal?: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export interface KeySpace {
  readonly key: string;
  /** From the catalogue; `String` for keys it does not know. */
  readonly type: ConditionKeyType | 'String';
  /** Multi-valued in the catalogue, or used with `ForAnyValue:`/`ForAllValues:`: witnesses are then sets. */
  readonly multiValued: boolean;
  readonly classes: readonly ValueClass[];
  /** Set when the search for the key's classes reached a bound: some classes may be missing. */
  readonly incomplete?: string;
}

export interface PartitionOptions {
  /** Version of the policies the clauses come from; policy variables are substituted only under `2012-10-17` (as in core). */
  readonly policyVersion?: string;
  /** Principal-derived context: resolves policy variables, and sits under every witness when clauses are tested. */
  readonly base?: ContextRecord;
  /** Keys the simulator may vary freely; a key for which it returns false (a derived key) is skipped. Default: every key. */
  readonly isFree?: (key: string) => boolean;
  /**
   * Identity keys whose values differ between the members a row's requests stand for (a class row):
   * a policy variable reading one of them is resolved for one member only, so the key's classes
   * may miss some (the key says so, `incomplete`).
   */
  readonly identityVaries?: (key: string) => boolean;
  /** Keys every request carries (aws:SecureTransport, aws:CurrentTime …): no "absent" class. Default: the catalogue's `alwaysPresent`. */
  readonly alwaysPresent?: (key: string) => boolean;
}

/**
 * How readable a witness is, best first: 0 absent (or the empty set), 1 a literal of the policies,
 * 2 a derived value (pattern instance, neighbour of a bound, …), 3 a value found by search.
 */
export type Tier = 0 | 1 | 2 | 3;

/** A position on a number or date line; members of one class merge into runs ("at most 180"). */
export interface LinePoint {
  readonly line: object;
  readonly index: number;
  /** The label and id of a run of regions [from, to] on that line. */
  readonly run: (from: number, to: number) => { readonly id: string; readonly label: string };
}

/** One candidate witness, before candidates are grouped into classes by signature. */
export interface Candidate {
  readonly value: ContextValue | undefined;
  readonly tier: Tier;
  /** Policy order of the literal it comes from (tier 1); sorts literals as written. */
  readonly order?: number;
  readonly id: string;
  readonly label: string;
  /** A value no operator on the key can read (a non-numeric string for a Numeric key): left out of labels beside typed members. */
  readonly illTyped?: boolean;
  readonly point?: LinePoint;
}

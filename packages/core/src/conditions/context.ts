/** Request context values, as the evaluator sees them. */
export type ContextScalar = string | number | boolean;
export type ContextValue = ContextScalar | readonly ContextScalar[];
export type ContextRecord = Readonly<Record<string, ContextValue>>;

/** Case-insensitive view of a request context: IAM condition key names are case-insensitive. */
export interface ContextLookup {
  get(key: string): ContextValue | undefined;
}

/** Index a record by lower-cased key; the first spelling of a key wins. */
export function indexContext(record: ContextRecord, into = new Map<string, ContextValue>()): Map<string, ContextValue> {
  for (const k of Object.keys(record)) {
    const lower = k.toLowerCase();
    const v = record[k];
    if (v !== undefined && !into.has(lower)) into.set(lower, v);
  }
  return into;
}

/**
 * The request's own values over a pre-indexed layer of derived values (what kmsim fills in from
 * the principal and the key). The request layer is lower-cased on first use only.
 */
export class LayeredContext implements ContextLookup {
  private index: Map<string, ContextValue> | undefined;
  constructor(
    private readonly request: ContextRecord,
    private readonly derived: ReadonlyMap<string, ContextValue> = new Map(),
  ) {}

  get(key: string): ContextValue | undefined {
    const lower = key.toLowerCase();
    this.index ??= indexContext(this.request);
    const own = this.index.get(lower);
    return own !== undefined ? own : this.derived.get(lower);
  }
}

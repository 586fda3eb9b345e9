/** Request context values, as the evaluator sees them. */
import { ENCRYPTION_CONTEXT_PREFIX, isEncryptionContextKey } from '../common/guards.js';

export type ContextScalar = string | number | boolean;
export type ContextValue = ContextScalar | readonly ContextScalar[];
export type ContextRecord = Readonly<Record<string, ContextValue>>;

/** Case-insensitive view of a request context: IAM condition key names are case-insensitive. */
export interface ContextLookup {
  get(key: string): ContextValue | undefined;
}

const EC_KEYS = 'kms:encryptioncontextkeys';

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
    if (own !== undefined) return own;
    const derived = this.derived.get(lower);
    if (derived === undefined && lower === EC_KEYS) return this.encryptionContextKeys();
    return derived;
  }

  /** kms:EncryptionContextKeys derived from the context (the rule is cited in authorize/context.ts). */
  private encryptionContextKeys(): ContextValue | undefined {
    const keys = Object.keys(this.request)
      .filter(isEncryptionContextKey)
      .map((k) => k.slice(ENCRYPTION_CONTEXT_PREFIX.length));
    return keys.length > 0 ? keys : undefined;
  }
}

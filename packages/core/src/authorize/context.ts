/**
 * The context conditions read for one request: the request's own values over what kmsim derived
 * from the principal (a map indexed once per caller) and from the key (once per evaluator). Reading a key scans the request's
 * few keys without building anything; a large request context is indexed once, on first use.
 */
import { indexContext, type ContextLookup, type ContextRecord, type ContextValue } from '../conditions/context.js';
import { equalsIgnoreCase, isEncryptionContextKey, ENCRYPTION_CONTEXT_PREFIX } from '../common/guards.js';

const EC_KEYS = 'kms:encryptioncontextkeys';
/** Above this many keys, the request context is indexed rather than scanned. */
const SCAN_LIMIT = 12;
const EMPTY: ContextRecord = {};
const NOTHING: DerivedValues = new Map();

/** Values kmsim derived, read by lower-cased key (a Map, or the principal's values). */
export interface DerivedValues {
  get(lowerKey: string): ContextValue | undefined;
}

export class RequestContext implements ContextLookup {
  private index: Map<string, ContextValue> | undefined;
  /** Whether the request's keys are few enough to scan (`undefined`: not counted yet). */
  private scan: boolean | undefined;

  constructor(
    private request: ContextRecord,
    private derived: DerivedValues,
    private keyDerived: DerivedValues | undefined = undefined,
  ) {}

  static empty(): RequestContext {
    return new RequestContext(EMPTY, NOTHING);
  }

  /** Point the lookup at another request (an evaluator reuses one lookup for its hot path). */
  reset(request: ContextRecord, derived: DerivedValues, keyDerived: DerivedValues | undefined): this {
    this.request = request;
    this.derived = derived;
    this.keyDerived = keyDerived;
    this.index = undefined;
    this.scan = undefined;
    return this;
  }

  get(key: string): ContextValue | undefined {
    const lower = key.toLowerCase();
    const own = this.own(lower);
    if (own !== undefined) return own;
    const derived = this.derived.get(lower) ?? this.keyDerived?.get(lower);
    if (derived === undefined && lower === EC_KEYS) return this.encryptionContextKeys();
    return derived;
  }

  /** The request's value, the first spelling with a value winning (as `indexContext`). */
  private own(lower: string): ContextValue | undefined {
    const request = this.request;
    if (this.scan === undefined) {
      let n = 0;
      for (const _ in request) if (++n > SCAN_LIMIT) break;
      this.scan = n <= SCAN_LIMIT;
    }
    if (!this.scan) {
      this.index ??= indexContext(request);
      return this.index.get(lower);
    }
    for (const k in request) {
      if (!equalsIgnoreCase(k, lower) || !Object.hasOwn(request, k)) continue;
      const v = request[k];
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /**
   * kms:EncryptionContextKeys, when the request gives the encryption context but not the list: AWS
   * fills it with the context's keys, as the caller spelled them (values are case-sensitive).
   * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context-keys
   */
  private encryptionContextKeys(): ContextValue | undefined {
    const keys = Object.keys(this.request)
      .filter(isEncryptionContextKey)
      .map((k) => k.slice(ENCRYPTION_CONTEXT_PREFIX.length));
    return keys.length > 0 ? keys : undefined;
  }
}

/**
 * A bounded map that evicts the least recently used entry when full (never clears wholesale).
 * A hit relinks one node of a doubly linked list: no allocation, no map mutation.
 */
interface Node<K, V> {
  readonly key: K;
  value: V;
  newer: Node<K, V> | undefined;
  older: Node<K, V> | undefined;
}

export class LruCache<K, V> {
  private readonly map = new Map<K, Node<K, V>>();
  /** Most recently used. */
  private newest: Node<K, V> | undefined;
  /** Least recently used: evicted first. */
  private oldest: Node<K, V> | undefined;

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError('an LRU cache holds at least one entry');
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const node = this.map.get(key);
    if (node === undefined) return undefined;
    if (node !== this.newest) {
      this.unlink(node);
      this.pushNewest(node);
    }
    return node.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    const node = this.map.get(key);
    if (node !== undefined) {
      node.value = value;
      this.get(key);
      return;
    }
    if (this.map.size >= this.limit && this.oldest !== undefined) {
      const victim = this.oldest;
      this.unlink(victim);
      this.map.delete(victim.key);
    }
    const added: Node<K, V> = { key, value, newer: undefined, older: undefined };
    this.map.set(key, added);
    this.pushNewest(added);
  }

  /** Keys from least to most recently used. */
  *keys(): IterableIterator<K> {
    for (let n = this.oldest; n !== undefined; n = n.newer) yield n.key;
  }

  private unlink(node: Node<K, V>): void {
    if (node.older) node.older.newer = node.newer;
    else this.oldest = node.newer;
    if (node.newer) node.newer.older = node.older;
    else this.newest = node.older;
    node.newer = node.older = undefined;
  }

  private pushNewest(node: Node<K, V>): void {
    node.older = this.newest;
    node.newer = undefined;
    if (this.newest) this.newest.newer = node;
    else this.oldest = node;
    this.newest = node;
  }
}

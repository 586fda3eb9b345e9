/** shared/lru.ts: bounded caches evict the least recently used entry, one at a time. */
import { describe, expect, it } from 'vitest';
import { LruCache } from '../src/common/lru.js';

describe('LruCache', () => {
  it('evicts the least recently inserted entry when nothing was read', () => {
    const c = new LruCache<string, number>(3);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    c.set('d', 4);
    expect(c.size).toBe(3);
    expect(c.has('a')).toBe(false);
    expect([...c.keys()]).toEqual(['b', 'c', 'd']);
  });

  it('a read makes an entry the most recently used', () => {
    const c = new LruCache<string, number>(3);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    expect(c.get('a')).toBe(1);
    c.set('d', 4);
    expect(c.has('b')).toBe(false);
    expect([...c.keys()]).toEqual(['c', 'a', 'd']);
  });

  it('setting an existing key updates it, refreshes it and evicts nothing', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    c.set('a', 10);
    expect(c.size).toBe(2);
    c.set('c', 3);
    expect(c.get('a')).toBe(10);
    expect(c.has('b')).toBe(false);
  });

  it('never clears wholesale: a full cache keeps all but one entry on each insert', () => {
    const c = new LruCache<number, number>(100);
    for (let i = 0; i < 1000; i++) {
      c.set(i, i);
      expect(c.size).toBe(Math.min(i + 1, 100));
    }
    expect([...c.keys()]).toEqual(Array.from({ length: 100 }, (_, i) => 900 + i));
  });

  it('keeps a hot entry through any number of cold ones', () => {
    const c = new LruCache<number, string>(10);
    c.set(-1, 'hot');
    for (let i = 0; i < 500; i++) {
      c.set(i, 'cold');
      expect(c.get(-1)).toBe('hot');
    }
  });

  it('a one-entry cache and a missing key', () => {
    const c = new LruCache<string, number>(1);
    expect(c.get('x')).toBeUndefined();
    c.set('x', 1);
    c.set('y', 2);
    expect([...c.keys()]).toEqual(['y']);
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});

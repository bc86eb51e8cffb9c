// A Map with a size cap that forgets the least recently used entry first. Used for every
// per-client record kept by the authenticator, so a flood of new addresses or user names
// cannot grow memory without bound.

export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {
    if (!(capacity > 0)) throw new Error('BoundedMap capacity must be positive');
  }

  get size(): number {
    return this.map.size;
  }

  /** Reads and marks as recently used. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  /** Reads without changing the order. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  /** Removes every entry for which `expired` returns true. */
  sweep(expired: (value: V, key: K) => boolean): void {
    for (const [k, v] of this.map) if (expired(v, k)) this.map.delete(k);
  }
}

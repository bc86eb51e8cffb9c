// Counts open connections or sessions per key, with a cap. acquire() returns a release
// function (idempotent) or null when the key is at its cap. Entries disappear when their
// count drops to zero, so memory follows the number of open connections.

export class ConnectionCounter {
  private readonly counts = new Map<string, number>();
  constructor(private readonly max: number) {}

  acquire(key: string): (() => void) | null {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.max) return null;
    this.counts.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left <= 0) this.counts.delete(key);
      else this.counts.set(key, left);
    };
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  get keys(): number {
    return this.counts.size;
  }
}

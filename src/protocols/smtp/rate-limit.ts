// A sliding-window counter per key (user id, remote address): at most `limit` events in
// any `windowMs`. Kept per server instance (no global state); old keys are pruned as
// they are touched and when the map grows past `maxKeys`.

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly events = new Map<string, number[]>();
  private readonly rule: RateLimit;
  private readonly maxKeys: number;

  constructor(rule: RateLimit, maxKeys = 100_000) {
    this.rule = rule;
    this.maxKeys = maxKeys;
  }

  private recent(key: string, now: number): number[] {
    const cut = now - this.rule.windowMs;
    const list = (this.events.get(key) ?? []).filter((t) => t > cut);
    if (list.length) this.events.set(key, list);
    else this.events.delete(key);
    return list;
  }

  /** True if `count` more events fit now; records them when they do. */
  take(key: string, count = 1, now = Date.now()): boolean {
    const list = this.recent(key, now);
    if (list.length + count > this.rule.limit) return false;
    for (let i = 0; i < count; i++) list.push(now);
    this.events.set(key, list);
    if (this.events.size > this.maxKeys) this.prune(now);
    return true;
  }

  private prune(now: number): void {
    for (const key of [...this.events.keys()]) this.recent(key, now);
  }
}

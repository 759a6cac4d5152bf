// A per-process cache of what every execution API call reads and rarely changes (the campaign,
// its channel configuration, the sandbox's namespaces): each value is kept at most `ttlMs`, so a
// change made anywhere (another process too) is seen at most that long after. Concurrent misses
// of one key share one load; a failed load is not kept.
export const CALL_CACHE_TTL_MS = 1000;

export class ShortCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expires: number }>();

  constructor(
    private readonly ttlMs = CALL_CACHE_TTL_MS,
    private readonly now: () => number = () => performance.now(),
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const at = this.now();
    const found = this.entries.get(key);
    if (found && found.expires > at) return found.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = load();
    this.entries.set(key, { value, expires: at + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets a key now (a change this process made itself). */
  forget(key: string): void {
    this.entries.delete(key);
  }
}

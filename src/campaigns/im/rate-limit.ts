// Token buckets per key (a campaign, an API key): `rate` calls a second with bursts of one
// second's worth. Per process: each API process enforces the limit for the calls it answers.
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes one call's token, or says in how many seconds one will be there. */
  take(key: string, rate: number, now: number): { ok: true } | { ok: false; retryAfter: number } {
    const bucket = this.buckets.get(key) ?? { tokens: rate, at: now };
    const tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - tokens) / rate)) };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > 100_000) this.buckets.clear();
    return { ok: true };
  }
}

/**
 * A fixed-window counter per key, in memory. Good for per-process limits (widget requests per
 * IP/visitor, route rate limits); a client spread over N processes gets at most N× the limit. Limits
 * that must hold across processes (failed sign-ins: modules/auth/sign-in-throttle.ts) count in the
 * database instead.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; false when the key is over the limit for the current window. */
  hit(key: string): boolean {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 50_000) this.sweep(t);
    }
    w.count++;
    return w.count <= this.max;
  }

  /** Would the next hit be refused? (Counts nothing.) */
  blocked(key: string): boolean {
    const w = this.windows.get(key);
    return w !== undefined && this.now() - w.start < this.windowMs && w.count >= this.max;
  }

  retryAfterSeconds(key: string): number {
    const w = this.windows.get(key);
    return w ? Math.max(1, Math.ceil((w.start + this.windowMs - this.now()) / 1000)) : 0;
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}

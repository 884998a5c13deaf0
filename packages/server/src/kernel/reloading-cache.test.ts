import { describe, expect, it } from 'vitest';
import { ReloadingCache } from './reloading-cache.js';

describe('a reloading cache', () => {
  it('loads once until forgotten', async () => {
    let loads = 0;
    const c = new ReloadingCache(async () => ++loads);
    expect(await c.get()).toBe(1);
    expect(await c.get()).toBe(1);
    c.forget();
    expect(await c.get()).toBe(2);
  });

  it('does not keep a read that began before a change and finished after it', async () => {
    let stored = 'old';
    let release: () => void = () => {};
    let slow = true;
    const c = new ReloadingCache(async () => {
      const seen = stored;
      if (slow) await new Promise<void>((r) => (release = r));
      return seen;
    });
    const early = c.get(); // reads 'old', then stalls
    stored = 'new'; // the change commits…
    c.forget(); // …and is announced while the early read is still out
    release();
    expect(await early).toBe('old'); // its own caller asked before the change
    slow = false;
    expect(await c.get()).toBe('new'); // the stale read was not kept
  });
});

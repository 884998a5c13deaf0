import { describe, expect, it } from 'vitest';
import { backoffDelay, followFrame, framesOnReady, MAX_BACKOFF_MS } from './reconnect';

describe('reconnection delays', () => {
  it('double from 1 s up to 30 s, jittered within the upper half', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, 0))).toEqual([500, 1000, 2000, 4000, 8000]);
    expect([0, 1, 2].map((a) => backoffDelay(a, 0.999))).toEqual([999.5, 1999, 3998]);
    expect(backoffDelay(5, 0)).toBe(MAX_BACKOFF_MS / 2);
    expect(backoffDelay(40, 0.5)).toBe(MAX_BACKOFF_MS * 0.75);
    for (let a = 0; a < 12; a++) expect(backoffDelay(a, 0.9999)).toBeLessThan(MAX_BACKOFF_MS);
  });
});

describe('what a reconnected socket sends', () => {
  it('every held topic, every followed conversation from where its holder is, then idle', () => {
    expect(
      framesOnReady(
        ['queue', 'my-conversations'],
        [
          ['c1', 17],
          ['c2', undefined],
        ],
        true,
      ),
    ).toEqual([
      { type: 'subscribe', topic: 'queue' },
      { type: 'subscribe', topic: 'my-conversations' },
      { type: 'subscribe', topic: 'conversation', id: 'c1', since: 17 },
      { type: 'subscribe', topic: 'conversation', id: 'c2' },
      { type: 'activity', idle: true },
    ]);
  });

  it('an active user sends no activity frame; nothing held, nothing sent', () => {
    expect(framesOnReady([], [], false)).toEqual([]);
    expect(framesOnReady(['presence'], [], false)).toEqual([{ type: 'subscribe', topic: 'presence' }]);
  });

  it('a replay from 0 is still asked for (0 is a sequence number, not "none")', () => {
    expect(followFrame('c1', 0)).toEqual({ type: 'subscribe', topic: 'conversation', id: 'c1', since: 0 });
  });
});

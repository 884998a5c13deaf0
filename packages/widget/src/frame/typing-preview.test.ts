import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingPreview } from './typing-preview';

describe('the typing preview (livechat.typingPreview)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first draft at once, then at most one every 400 ms with the latest text, and clears once', () => {
    const sent: string[] = [];
    const p = new TypingPreview(
      (t) => sent.push(t),
      () => true,
    );
    p.write('H');
    p.write('He');
    p.write('Hel');
    expect(sent).toEqual(['H']);
    vi.advanceTimersByTime(400);
    expect(sent).toEqual(['H', 'Hel']);
    vi.advanceTimersByTime(400);
    expect(sent).toEqual(['H', 'Hel']);
    p.clear();
    p.clear();
    expect(sent).toEqual(['H', 'Hel', '']);
  });

  it('sends nothing while the setting is off', () => {
    const sent: string[] = [];
    const p = new TypingPreview(
      (t) => sent.push(t),
      () => false,
    );
    p.write('secret');
    vi.advanceTimersByTime(1000);
    p.write('secret words');
    p.clear();
    expect(sent).toEqual([]);
  });
});

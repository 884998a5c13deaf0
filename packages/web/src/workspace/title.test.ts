import { describe, expect, it } from 'vitest';
import { titleWithCount } from './title';

describe('the tab title’s count', () => {
  it('goes in front, replaces the one before, and leaves when nothing waits', () => {
    expect(titleWithCount('My account · Parley', 2)).toBe('(2) My account · Parley');
    expect(titleWithCount('(2) My account · Parley', 5)).toBe('(5) My account · Parley');
    expect(titleWithCount('(5) My account · Parley', 0)).toBe('My account · Parley');
    expect(titleWithCount('(draft) notes', 0)).toBe('(draft) notes');
  });
});

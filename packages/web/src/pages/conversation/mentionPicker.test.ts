import { describe, expect, it } from 'vitest';
import { filterMentionable, insertMention, mentionTrigger } from './mentionPicker';

describe('the note composer’s @ picker', () => {
  it('opens on @word at the caret, at the start or after a space, never inside an email address', () => {
    expect(mentionTrigger('@', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(mentionTrigger('ask @bo', 7)).toEqual({ start: 4, end: 7, query: 'bo' });
    expect(mentionTrigger('mail ann@example', 16)).toBeUndefined();
    expect(mentionTrigger('ask @bob now', 12)).toBeUndefined();
  });

  it('filters by username or name, prefixes first, and inserts @username with a space', () => {
    const people = [
      { username: 'zoe', name: 'Bob Zed' },
      { username: 'bob', name: 'Robert' },
      { username: 'anna', name: 'Anna' },
    ];
    expect(filterMentionable(people, 'bo').map((u) => u.username)).toEqual(['bob', 'zoe']);
    expect(filterMentionable(people, '').map((u) => u.username)).toEqual(['anna', 'bob', 'zoe']);
    const t = mentionTrigger('hi @bo please', 6)!;
    expect(insertMention('hi @bo please', t, 'bob')).toEqual({ text: 'hi @bob please', caret: 8 });
  });
});

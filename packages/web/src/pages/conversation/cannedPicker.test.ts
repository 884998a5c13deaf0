import { describe, expect, it } from 'vitest';
import { cannedTrigger, filterCanned, insertCanned } from './cannedPicker';

describe('the composer’s canned-response picker', () => {
  it('opens on a ! at the start or after a space, up to the caret, and closes on a space', () => {
    expect(cannedTrigger('!', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(cannedTrigger('!he', 3)).toEqual({ start: 0, end: 3, query: 'he' });
    expect(cannedTrigger('Sure. !pri', 10)).toEqual({ start: 6, end: 10, query: 'pri' });
    expect(cannedTrigger('line\n!x', 7)).toEqual({ start: 5, end: 7, query: 'x' });
    expect(cannedTrigger('Hi!', 3)).toBeUndefined();
    expect(cannedTrigger('!he llo', 7)).toBeUndefined();
    // The caret decides, not the end of the text.
    expect(cannedTrigger('!he and more', 3)).toEqual({ start: 0, end: 3, query: 'he' });
  });

  it('matches shortcut then text, case aside, shortcut prefixes first', () => {
    const items = [
      { shortcut: 'thanks', text: 'Thank you for waiting' },
      { shortcut: 'hello', text: 'Hi there' },
      { shortcut: 'othello', text: 'A play' },
      { shortcut: 'bye', text: 'Say HELLO to them' },
    ];
    expect(filterCanned(items, 'HEL').map((x) => x.shortcut)).toEqual(['hello', 'othello', 'bye']);
    expect(filterCanned(items, 'wait').map((x) => x.shortcut)).toEqual(['thanks']);
    expect(filterCanned(items, '').map((x) => x.shortcut)).toEqual(['bye', 'hello', 'othello', 'thanks']);
    expect(filterCanned(items, 'zzz')).toEqual([]);
  });

  it('replaces the !query with the text and puts the caret after it', () => {
    const text = 'Ok !he then';
    const t = cannedTrigger(text, 6)!;
    expect(insertCanned(text, t, 'Hello Vera')).toEqual({ text: 'Ok Hello Vera then', caret: 13 });
  });
});

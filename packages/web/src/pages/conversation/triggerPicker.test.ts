import { describe, expect, it } from 'vitest';
import {
  cannedTrigger,
  filterCanned,
  filterMentionable,
  insertAt,
  insertMention,
  mentionTrigger,
  triggerAt,
} from './triggerPicker';

describe('the composer’s canned-response picker', () => {
  it('opens on a ! at the start or after a space, up to the caret, and closes on a space', () => {
    expect(cannedTrigger('!', 1)).toEqual({ start: 0, end: 1, char: '!', query: '' });
    expect(cannedTrigger('!he', 3)).toEqual({ start: 0, end: 3, char: '!', query: 'he' });
    expect(cannedTrigger('Sure. !pri', 10)).toEqual({ start: 6, end: 10, char: '!', query: 'pri' });
    expect(cannedTrigger('line\n!x', 7)).toEqual({ start: 5, end: 7, char: '!', query: 'x' });
    expect(cannedTrigger('Hi!', 3)).toBeUndefined();
    expect(cannedTrigger('!he llo', 7)).toBeUndefined();
    // The caret decides, not the end of the text.
    expect(cannedTrigger('!he and more', 3)).toEqual({ start: 0, end: 3, char: '!', query: 'he' });
  });

  it('opens on a / the same way, never inside a word or a path', () => {
    expect(cannedTrigger('/', 1)).toEqual({ start: 0, end: 1, char: '/', query: '' });
    expect(cannedTrigger('Ok /gre', 7)).toEqual({ start: 3, end: 7, char: '/', query: 'gre' });
    expect(cannedTrigger('and/or', 6)).toBeUndefined();
    expect(cannedTrigger('https://x', 9)).toBeUndefined();
    expect(cannedTrigger('Hi/', 3)).toBeUndefined();
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
    expect(filterCanned(items, '', 2)).toHaveLength(2);
  });

  it('replaces the !query or /query with the text and puts the caret after it', () => {
    const text = 'Ok !he then';
    expect(insertAt(text, cannedTrigger(text, 6)!, 'Hello Vera')).toEqual({ text: 'Ok Hello Vera then', caret: 13 });
    expect(insertAt('/he', cannedTrigger('/he', 3)!, 'Hello')).toEqual({ text: 'Hello', caret: 5 });
  });
});

describe('the note composer’s @ picker', () => {
  it('opens on @word at the caret, at the start or after a space, never inside an email address', () => {
    expect(mentionTrigger('@', 1)).toEqual({ start: 0, end: 1, char: '@', query: '' });
    expect(mentionTrigger('ask @bo', 7)).toEqual({ start: 4, end: 7, char: '@', query: 'bo' });
    expect(mentionTrigger('mail ann@example', 16)).toBeUndefined();
    expect(mentionTrigger('ask @bob now', 12)).toBeUndefined();
    expect(mentionTrigger('ask @bo!', 8)).toBeUndefined();
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

describe('trigger characters', () => {
  it('are taken literally, including those special in a regular expression', () => {
    expect(triggerAt('a ^x', 4, '^]')).toEqual({ start: 2, end: 4, char: '^', query: 'x' });
    expect(triggerAt('a ]x', 4, '^]')).toEqual({ start: 2, end: 4, char: ']', query: 'x' });
    expect(triggerAt('a -x', 4, '^]')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { neighbour, shortcutFor, type KeyLike } from './shortcuts';

const key = (k: string, over: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  code: k.length === 1 ? `Key${k.toUpperCase()}` : k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...over,
});
const free = { typing: false, inDialog: false };
const typing = { typing: true, inDialog: false };

describe('keyboard shortcuts', () => {
  it('single keys act only outside text fields and dialogs', () => {
    expect(shortcutFor(key('?', { shiftKey: true }), free)).toBe('help');
    expect(shortcutFor(key('j'), free)).toBe('next');
    expect(shortcutFor(key('k'), free)).toBe('previous');
    expect(shortcutFor(key('t'), free)).toBe('transfer');
    expect(shortcutFor(key('/'), free)).toBe('canned');
    expect(shortcutFor(key('j'), typing)).toBeUndefined();
    expect(shortcutFor(key('?'), typing)).toBeUndefined();
    expect(shortcutFor(key('j'), { typing: false, inDialog: true })).toBeUndefined();
    expect(shortcutFor(key('q'), free)).toBeUndefined();
  });

  it('Alt combinations act from the composer too, by physical key; Ctrl and Meta are the browser’s', () => {
    expect(shortcutFor(key('ArrowDown', { altKey: true }), typing)).toBe('next');
    expect(shortcutFor(key('ArrowUp', { altKey: true }), typing)).toBe('previous');
    expect(shortcutFor(key('®', { code: 'KeyR', altKey: true }), typing)).toBe('compose');
    expect(shortcutFor(key('t', { altKey: true }), typing)).toBe('transfer');
    expect(shortcutFor(key('ArrowDown', { altKey: true, shiftKey: true }), typing)).toBeUndefined();
    expect(shortcutFor(key('j', { ctrlKey: true }), free)).toBeUndefined();
    expect(shortcutFor(key('t', { metaKey: true }), free)).toBeUndefined();
    expect(shortcutFor(key('ArrowDown'), free)).toBeUndefined();
  });

  it('moves through the list, wrapping, from the first or last when none is open', () => {
    expect(neighbour(['a', 'b', 'c'], 'a', 1)).toBe('b');
    expect(neighbour(['a', 'b', 'c'], 'c', 1)).toBe('a');
    expect(neighbour(['a', 'b', 'c'], 'a', -1)).toBe('c');
    expect(neighbour(['a', 'b', 'c'], undefined, 1)).toBe('a');
    expect(neighbour(['a', 'b', 'c'], 'gone', -1)).toBe('c');
    expect(neighbour([], 'a', 1)).toBeUndefined();
  });
});

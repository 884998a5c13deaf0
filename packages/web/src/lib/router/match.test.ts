import { describe, expect, it } from 'vitest';
import { matchPath, withQueryChanges } from './match';

describe('matchPath', () => {
  it('takes parameters from their segments, decoded', () => {
    expect(matchPath('/admin/users/:id', '/admin/users/42')).toEqual({ id: '42' });
    expect(matchPath('/conversations/:id', '/conversations/a%20b')).toEqual({ id: 'a b' });
    expect(matchPath('/workspace', '/workspace')).toEqual({});
  });

  it('does not match other lengths or other fixed segments', () => {
    expect(matchPath('/admin/users/:id', '/admin/users')).toBeUndefined();
    expect(matchPath('/admin/users/:id', '/admin/users/1/edit')).toBeUndefined();
    expect(matchPath('/admin/users/:id', '/admin/agents/1')).toBeUndefined();
  });
});

describe('withQueryChanges', () => {
  it('sets, replaces and removes keys (undefined or empty), keeping the rest', () => {
    expect(withQueryChanges('?a=1&b=2', { b: 3, c: 'x y' })).toBe('?a=1&b=3&c=x+y');
    expect(withQueryChanges('?a=1&b=2', { a: undefined, b: '' })).toBe('');
    expect(withQueryChanges('', { page: 2 })).toBe('?page=2');
  });
});

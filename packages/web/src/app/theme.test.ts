import { describe, expect, it } from 'vitest';
import { nextTheme, parseTheme, resolveTheme } from './theme';

describe('the theme choice', () => {
  it('cycles system, dark, light and reads back only what it wrote', () => {
    expect(nextTheme('system')).toBe('dark');
    expect(nextTheme('dark')).toBe('light');
    expect(nextTheme('light')).toBe('system');
    expect(parseTheme('dark')).toBe('dark');
    expect(parseTheme('light')).toBe('light');
    expect(parseTheme(null)).toBe('system');
    expect(parseTheme('purple')).toBe('system');
  });

  it('shows the system scheme for system, the choice otherwise', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});

import { describe, expect, it } from 'vitest';
import { nextTheme, parseTheme } from './theme';

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
});

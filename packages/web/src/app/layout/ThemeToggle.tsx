import { useState } from 'react';
import { applyTheme, nextTheme, readTheme, type ThemeChoice } from '../theme';

const labels: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** The top bar's theme button: System (follows the computer), Dark, Light; kept for this browser. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<ThemeChoice>(readTheme);
  return (
    <button
      type="button"
      className="btn btn-secondary btn-small theme-toggle"
      aria-label={`Theme: ${labels[theme]} (change)`}
      title={`Theme: ${labels[theme]}. Next: ${labels[nextTheme(theme)]}`}
      onClick={() => {
        const next = nextTheme(theme);
        applyTheme(next);
        setTheme(next);
      }}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}</span>
      <span className="theme-toggle-label"> {labels[theme]}</span>
    </button>
  );
}

import { useState } from 'react';
import { applyTheme, nextTheme, readTheme, type ThemeChoice } from '../theme';
import { t } from '../../i18n';

const labels: Record<ThemeChoice, () => string> = {
  system: () => t('System'),
  light: () => t('Light'),
  dark: () => t('Dark'),
};

/** The top bar's theme button: System (follows the computer), Dark, Light; kept for this browser. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<ThemeChoice>(readTheme);
  return (
    <button
      type="button"
      className="btn btn-secondary btn-small theme-toggle"
      aria-label={t('Theme: {theme} (change)', { theme: labels[theme]() })}
      title={t('Theme: {theme}. Next: {next}', { theme: labels[theme](), next: labels[nextTheme(theme)]() })}
      onClick={() => {
        const next = nextTheme(theme);
        applyTheme(next);
        setTheme(next);
      }}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}</span>
      <span className="theme-toggle-label"> {labels[theme]()}</span>
    </button>
  );
}

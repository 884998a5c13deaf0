/**
 * The web app's theme: the system's (`prefers-color-scheme`) unless the user chose light or dark in this
 * browser (kept in localStorage). Applied as `<html data-theme>`; styles/theme.css does the rest.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'parley:theme';
const order: ThemeChoice[] = ['system', 'dark', 'light'];

/** The choice after this one, for the top bar's button: system → dark → light → system. */
export function nextTheme(t: ThemeChoice): ThemeChoice {
  return order[(order.indexOf(t) + 1) % order.length]!;
}

export function parseTheme(v: string | null): ThemeChoice {
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function readTheme(): ThemeChoice {
  try {
    return parseTheme(localStorage.getItem(KEY));
  } catch {
    return 'system';
  }
}

/** Applies a choice to the page and keeps it for this browser. */
export function applyTheme(t: ThemeChoice, keep = true): void {
  if (t === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = t;
  if (!keep) return;
  try {
    if (t === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, t);
  } catch {
    // storage denied: the choice lasts until the page is reloaded
  }
}

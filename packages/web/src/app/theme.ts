/**
 * The web app's theme: the system's (`prefers-color-scheme`) unless the user chose light or dark in this
 * browser (kept in localStorage). Applied as `<html data-theme="light|dark">`; styles/theme.css does the rest.
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

/** What the page shows for a choice: the system's scheme for `system`. */
export function resolveTheme(t: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return t === 'system' ? (systemDark ? 'dark' : 'light') : t;
}

let current: ThemeChoice = 'system';
let followingSystem = false;

/**
 * Applies a choice to the page and keeps it for this browser. `data-theme` always holds what is shown
 * (light or dark), so theme.css has one dark palette; while the choice is `system`, a change of the
 * system's scheme is applied as it happens.
 */
export function applyTheme(t: ThemeChoice, keep = true): void {
  current = t;
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  document.documentElement.dataset.theme = resolveTheme(t, system.matches);
  if (!followingSystem) {
    followingSystem = true;
    system.addEventListener('change', (e) => {
      if (current === 'system') document.documentElement.dataset.theme = resolveTheme('system', e.matches);
    });
  }
  if (!keep) return;
  try {
    if (t === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, t);
  } catch {
    // storage denied: the choice lasts until the page is reloaded
  }
}

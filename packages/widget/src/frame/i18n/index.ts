import { en, type Strings } from './en';

let strings: Strings = en;
let current = 'en';

/** Other languages are separate chunks, loaded only when asked for (not part of the first load). */
const packs: Record<string, () => Promise<{ default: Strings }>> = {
  fr: () => import('./fr'),
  de: () => import('./de'),
  es: () => import('./es'),
};

export type StringKey = keyof Strings;

export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  return strings[key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function language(): string {
  return current;
}

/** Switches to `lang` (e.g. "fr-CA" → fr); unknown languages fall back to English. */
export async function setLanguage(lang: string): Promise<void> {
  const code = lang.slice(0, 2).toLowerCase();
  const load = packs[code];
  if (!load) {
    strings = en;
    current = 'en';
    return;
  }
  try {
    strings = (await load()).default;
    current = code;
  } catch {
    strings = en;
    current = 'en';
  }
}

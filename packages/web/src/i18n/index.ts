import { STAFF_LANGUAGES, type StaffLanguage } from '@parley/shared';
import { createStore, useStore } from '../lib/store';
import { formatMessage } from './message';

/**
 * The staff app's languages (issue 18, item 7), gettext style: the English text is the key —
 * `t('Save')`, `t('{count, plural, one {# chat waiting} other {# chats waiting}}', { count })` — so a
 * string nobody translated yet shows in English and nobody invents key names. Each other language is one
 * catalog file beside this one (`de.ts`, …), loaded as its own chunk only when chosen.
 * docs/translations.md says how to add a language or a string.
 */

export type { StaffLanguage };
export const LANGUAGES = STAFF_LANGUAGES;

/** A language's translations: English source text → translated text. */
export type Catalog = Readonly<Record<string, string>>;

/** Each language by its own name (the picker shows them so, whatever the current language). */
export const LANGUAGE_NAMES: Record<StaffLanguage, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
};

const catalogs: Record<Exclude<StaffLanguage, 'en'>, () => Promise<{ default: Catalog }>> = {
  de: () => import('./de'),
  fr: () => import('./fr'),
  es: () => import('./es'),
  'pt-BR': () => import('./pt-BR'),
};

interface Current {
  language: StaffLanguage;
  /** The locale for dates and numbers: the browser's own variant of the language when it has one (en-GB). */
  locale: string;
  catalog: Catalog;
  /** What the user chose; null: the browser's language. */
  choice: StaffLanguage | null;
}

const current = createStore<Current>({ language: 'en', locale: 'en', catalog: {}, choice: null });

/** The text in the current language (English when not translated), placeholders and plurals filled in. */
export function t(source: string, params?: Record<string, string | number>): string {
  const { catalog, locale } = current.get();
  return formatMessage(catalog[source] || source, locale, params);
}

/** The translated message itself, placeholders left in (for `tx`, which puts elements in them). */
export function translated(source: string): string {
  return current.get().catalog[source] || source;
}

export function currentLanguage(): StaffLanguage {
  return current.get().language;
}

/** The locale to give `Intl` formatters. */
export function currentLocale(): string {
  return current.get().locale;
}

/** The current language in a component: it re-renders when the language changes. */
export function useLanguage(): StaffLanguage {
  return useStore(current).language;
}

/** The user's choice in a component (null: the browser's language). */
export function useLanguageChoice(): StaffLanguage | null {
  return useStore(current).choice;
}

/** The first of the browser's languages (`navigator.languages`) Parley speaks; English otherwise. */
export function pickLanguage(candidates: readonly string[]): StaffLanguage {
  for (const tag of candidates) {
    const lower = tag.toLowerCase();
    const exact = LANGUAGES.find((l) => l.toLowerCase() === lower);
    if (exact) return exact;
    const base = lower.split('-')[0];
    // pt-PT and plain pt read Brazilian Portuguese more easily than English.
    const same = LANGUAGES.find((l) => l.toLowerCase().split('-')[0] === base);
    if (same) return same;
  }
  return 'en';
}

export function isLanguage(v: unknown): v is StaffLanguage {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined'
    ? []
    : navigator.languages?.length
      ? navigator.languages
      : [navigator.language];
}

/** The language the browser asks for, among Parley's. */
export function browserLanguage(): StaffLanguage {
  return pickLanguage(browserLanguages());
}

/** The browser's variant of `language` (de-AT, en-GB, fr-CA) for formatting, else the language itself. */
function localeFor(language: StaffLanguage): string {
  const base = language.split('-')[0];
  const own = browserLanguages().find((tag) => tag.toLowerCase().split('-')[0] === base);
  if (!own || language === 'pt-BR') return language;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([own]).length ? own : language;
  } catch {
    return language;
  }
}

const KEY = 'parley:language';

/** The choice kept in this browser (for the sign-in page, before anyone is signed in). */
export function storedLanguage(): StaffLanguage | null {
  try {
    const v = localStorage.getItem(KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

function keep(language: StaffLanguage | null): void {
  try {
    if (language) localStorage.setItem(KEY, language);
    else localStorage.removeItem(KEY);
  } catch {
    // storage denied: the choice lasts until the page is reloaded
  }
}

/** The language to show: the one chosen (here or on the server), else the browser's. */
export function preferredLanguage(chosen: StaffLanguage | null = storedLanguage()): StaffLanguage {
  return chosen ?? browserLanguage();
}

let asked = 0;

/**
 * Shows the app in `language` without reloading (its catalog is fetched first, so nothing flashes half
 * translated); `<html lang>` follows. `remember`: kept in this browser too (null forgets the choice:
 * the browser's language again). A catalog that cannot be loaded leaves the language as it was.
 */
export async function switchLanguage(choice: StaffLanguage | null, remember = true): Promise<void> {
  const language = preferredLanguage(choice);
  const ticket = ++asked;
  if (remember) keep(choice);
  const catalog = language === 'en' ? {} : (await catalogs[language]()).default;
  if (ticket !== asked) return; // a later choice won
  current.set({ language, locale: localeFor(language), catalog, choice });
  document.documentElement.lang = language;
}

/** At start: the language kept in this browser, else the browser's. */
export async function startLanguage(): Promise<void> {
  try {
    await switchLanguage(storedLanguage(), false);
  } catch {
    // the catalog did not load: English
  }
}

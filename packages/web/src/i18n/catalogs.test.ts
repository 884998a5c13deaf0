/// <reference types="vite/client" />
import { settingsCatalog } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { optionLabel } from '../pages/settings/controls/SimpleControls';
import { LANGUAGES, pickLanguage, type Catalog } from '.';
import { formatMessage, placeholders } from './message';
import de from './de';
import es from './es';
import fr from './fr';
import ptBR from './pt-BR';

const catalogs: Record<string, Catalog> = { de, fr, es, 'pt-BR': ptBR };

// Every source file of the app (not the catalogs, not the tests) as text.
const files = import.meta.glob<string>(['../**/*.{ts,tsx}', '!./*.ts', '!../**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
// The settings catalog: the Settings page shows its groups, labels and descriptions through t().
const settingsSource = import.meta.glob<string>('../../../shared/src/settings/catalog.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const sources = [...Object.values(files), ...Object.values(settingsSource)].join('\n');

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
/** The literal texts given to `t()` and `tx()`, and the route and setting texts translated at render time. */
function sourceTexts(): Set<string> {
  const out = new Set<string>();
  for (const m of sources.matchAll(/\b(?:t|tx)\(\s*(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|`([^`$\\]*)`)/g)) {
    out.add(unescape(m[1] ?? m[2] ?? m[3] ?? ''));
  }
  // The navigation's sections and labels, translated where SideNav renders them.
  const table = files['../app/routes.ts'] ?? '';
  for (const m of table.matchAll(/section: '([^']+)', label: '([^']+)'/g)) out.add(m[1]!).add(m[2]!);
  // The settings' texts, translated where the Settings page renders them.
  for (const s of Object.values(settingsCatalog)) {
    out.add(s.group).add(s.label).add(s.description);
    for (const v of s.values ?? []) out.add(optionLabel(v));
  }
  return out;
}

/** Whether `text` appears in the sources as a string literal (in `t()` or in a table translated later). */
function used(text: string): boolean {
  const single = `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const double = `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return sources.includes(single) || sources.includes(double) || sources.includes(`\`${text}\``);
}

const sorted = (s: Set<string>) => [...s].sort();

describe('the translation catalogs (issue 18, item 7)', () => {
  it('cover every language but English, and nothing else', () => {
    expect(Object.keys(catalogs).sort()).toEqual(LANGUAGES.filter((l) => l !== 'en').sort());
  });

  it('have no stale entries: every English text they translate is still in the app', () => {
    for (const [language, catalog] of Object.entries(catalogs)) {
      const stale = Object.keys(catalog).filter((k) => !used(k));
      expect(stale, `${language}: texts the app no longer uses (remove them from ${language}.ts)`).toEqual([]);
    }
  });

  it('keep the placeholders of the English text, and balanced braces', () => {
    for (const [language, catalog] of Object.entries(catalogs)) {
      const wrong = Object.entries(catalog)
        .filter(([k, v]) => {
          const open = (v.match(/\{/g) ?? []).length;
          const close = (v.match(/\}/g) ?? []).length;
          return open !== close || sorted(placeholders(k)).join() !== sorted(placeholders(v)).join();
        })
        .map(([k]) => k);
      expect(wrong, `${language}: placeholders differ from the English`).toEqual([]);
      const empty = Object.entries(catalog).filter(([, v]) => v.trim() === '');
      expect(empty, `${language}: empty translations`).toEqual([]);
    }
  });

  it('report the texts not translated yet (they show in English)', () => {
    const texts = sourceTexts();
    const lines = Object.entries(catalogs).map(([language, catalog]) => {
      const missing = sorted(texts).filter((k) => !(k in catalog));
      return `${language}: ${texts.size - missing.length}/${texts.size} translated${
        missing.length
          ? `; missing e.g. ${missing
              .slice(0, 5)
              .map((m) => JSON.stringify(m))
              .join(', ')}`
          : ''
      }`;
    });
    console.info(`Translations:\n  ${lines.join('\n  ')}`);
    expect(texts.size).toBeGreaterThan(0);
    expect(Object.keys(settingsSource), 'the settings catalog is among the sources').toHaveLength(1);
  });
});

describe('messages', () => {
  it('fill placeholders, numbers for the locale, and plurals by Intl.PluralRules', () => {
    const chats = '{count, plural, =0 {no chats} one {# chat waiting} other {# chats waiting}}';
    expect(formatMessage(chats, 'en', { count: 0 })).toBe('no chats');
    expect(formatMessage(chats, 'en', { count: 1 })).toBe('1 chat waiting');
    expect(formatMessage(chats, 'en', { count: 1234 })).toBe('1,234 chats waiting');
    expect(formatMessage('{count, plural, one {# Chat} other {# Chats}}', 'de', { count: 1234 })).toBe('1.234 Chats');
    // French: 0 and 1 are "one"; Portuguese (Brazil) too.
    expect(formatMessage('{n, plural, one {# jour} other {# jours}}', 'fr', { n: 0 })).toBe('0 jour');
    expect(formatMessage('{n, plural, one {# dia} other {# dias}}', 'pt-BR', { n: 2 })).toBe('2 dias');
    expect(
      formatMessage('{name} sent {count, plural, one {a file} other {# files to {to}}}', 'en', {
        name: 'Ada',
        count: 2,
        to: 'Bo',
      }),
    ).toBe('Ada sent 2 files to Bo');
    expect(formatMessage('Hello {name}', 'en', {})).toBe('Hello {name}');
    expect(sorted(placeholders('{a} {n, plural, one {#} other {# {b}}}'))).toEqual(['a', 'b', 'n']);
  });

  it('pick the browser language Parley speaks, else English', () => {
    expect(pickLanguage(['de-AT', 'en'])).toBe('de');
    expect(pickLanguage(['pt-BR'])).toBe('pt-BR');
    expect(pickLanguage(['pt-PT'])).toBe('pt-BR');
    expect(pickLanguage(['ja', 'fr-CA'])).toBe('fr');
    expect(pickLanguage(['ja', 'zh'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});

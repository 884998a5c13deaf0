/**
 * The message syntax of the catalogs, a small subset of ICU MessageFormat:
 * - `{name}`: a placeholder (numbers formatted for the locale: 1.234 in German);
 * - `{count, plural, =0 {no chats} one {# chat} other {# chats}}`: the branch for the number, chosen by
 *   the platform's `Intl.PluralRules` for the locale (exact `=n` first), `#` being the number.
 * Anything else is text as it is (no ICU apostrophe quoting).
 */

type Params = Record<string, string | number>;

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function cached<T>(map: Map<string, T>, locale: string, make: () => T): T {
  let v = map.get(locale);
  if (!v) map.set(locale, (v = make()));
  return v;
}

function formatNumber(n: number, locale: string): string {
  return cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(n);
}

function value(v: string | number | undefined, locale: string): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'number' ? formatNumber(v, locale) : v;
}

/** The index of the `}` closing the `{` at `open` (or -1). */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `=0 {…} one {…} other {…}` → [selector, text] pairs. */
function branches(s: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf('{', i);
    if (open < 0) break;
    const end = closing(s, open);
    if (end < 0) break;
    out.push([s.slice(i, open).trim(), s.slice(open + 1, end)]);
    i = end + 1;
  }
  return out;
}

export function formatMessage(message: string, locale: string, params: Params = {}, hash?: string): string {
  let out = '';
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('{', i);
    const end = open < 0 ? -1 : closing(message, open);
    const text = message.slice(i, open < 0 || end < 0 ? undefined : open);
    out += hash === undefined ? text : text.replaceAll('#', hash);
    if (open < 0 || end < 0) break;
    const inner = message.slice(open + 1, end);
    const comma = inner.indexOf(',');
    if (comma < 0) {
      const name = inner.trim();
      out += value(params[name], locale) ?? `{${name}}`;
    } else {
      const name = inner.slice(0, comma).trim();
      const rest = inner.slice(comma + 1);
      const kind = rest.slice(0, rest.indexOf(',')).trim();
      const n = Number(params[name]);
      const options = branches(rest.slice(rest.indexOf(',') + 1));
      if (kind === 'plural' && Number.isFinite(n)) {
        const category = cached(pluralRules, locale, () => new Intl.PluralRules(locale)).select(n);
        const chosen =
          options.find(([sel]) => sel === `=${n}`) ??
          options.find(([sel]) => sel === category) ??
          options.find(([sel]) => sel === 'other');
        out += chosen ? formatMessage(chosen[1], locale, params, formatNumber(n, locale)) : '';
      } else {
        out += `{${name}}`;
      }
    }
    i = end + 1;
  }
  return out;
}

/** The placeholder names a message uses (plural variables included), for checking translations. */
export function placeholders(message: string): Set<string> {
  const names = new Set<string>();
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('{', i);
    if (open < 0) break;
    const end = closing(message, open);
    if (end < 0) break;
    const inner = message.slice(open + 1, end);
    const comma = inner.indexOf(',');
    if (comma < 0) names.add(inner.trim());
    else {
      names.add(inner.slice(0, comma).trim());
      const rest = inner.slice(comma + 1);
      for (const [, text] of branches(rest.slice(rest.indexOf(',') + 1))) {
        for (const n of placeholders(text)) names.add(n);
      }
    }
    i = end + 1;
  }
  return names;
}

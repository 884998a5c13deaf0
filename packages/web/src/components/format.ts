import { currentLocale, t } from '../i18n';

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date formatter for the chosen language's locale (made once per locale and style). */
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = currentLocale();
  const key = `${locale} ${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** A number for the chosen language's locale (`1,234.5`, `1.234,5`). */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(currentLocale(), options).format(n);
}

export function formatDateTime(iso: string): string {
  return dateFormat({ dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateFormat({ dateStyle: 'medium' }).format(new Date(iso));
}

/** `load-balancing` → `Load balancing`. */
export function humanize(value: string): string {
  const s = value.replace(/[-_]+/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A JSON value as short text for tables: strings as they are, `(empty)` for nothing. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return t('(empty)');
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length ? v.map(valueText).join(', ') : t('(none)');
  return JSON.stringify(v);
}

/** A time of today as `14:05`, an older one with its date. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString()
    ? dateFormat({ timeStyle: 'short' }).format(d)
    : dateFormat({ dateStyle: 'short', timeStyle: 'short' }).format(d);
}

/** `75` → `1 min 15 s`; `3700` → `1 h 1 min`; null → `—`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('{s} s', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? t('{m} min {s} s', { m, s: s % 60 }) : t('{m} min', { m });
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? t('{h} h {m} min', { h, m: m % 60 }) : t('{h} h', { h });
  return t('{count, plural, one {# day} other {# days}}', { count: Math.floor(h / 24) });
}

/** Time since `iso` as a clock: `0:42`, `12:05`, `1:02:09`. */
export function formatElapsed(iso: string, now: number): string {
  const total = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export function formatBytes(n: number): string {
  // The number is formatted here (decimals for the locale); the unit's abbreviation is the language's (Ko, Mo).
  if (n < 1024) return t('{size} B', { size: formatNumber(n) });
  const kb = n / 1024;
  const digits = n < 10 * 1024 ? 1 : 0;
  if (n < 1024 * 1024)
    return t('{size} KB', { size: formatNumber(kb, { maximumFractionDigits: digits, minimumFractionDigits: digits }) });
  return t('{size} MB', {
    size: formatNumber(n / (1024 * 1024), { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
  });
}

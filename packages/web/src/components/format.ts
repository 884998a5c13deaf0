const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/** `load-balancing` → `Load balancing`. */
export function humanize(value: string): string {
  const s = value.replace(/[-_]+/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A JSON value as short text for tables: strings as they are, `(empty)` for nothing. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(empty)';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length ? v.map(valueText).join(', ') : '(none)';
  return JSON.stringify(v);
}

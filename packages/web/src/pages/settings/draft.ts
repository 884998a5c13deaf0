import type { SettingView } from '@parley/shared';
import { ApiError } from '../../api/client';
import { t } from '../../i18n';

/** Unsaved edits: setting key → the value to send (secrets: the new secret, '' to clear). */
export type Draft = Record<string, unknown>;

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The value a control shows: the unsaved edit, else the saved value. */
export function currentValue(setting: SettingView, draft: Draft): unknown {
  return setting.key in draft ? draft[setting.key] : setting.value;
}

/** The draft after editing `setting`: `undefined`, or the saved value again, drops the edit (a secret's: only `undefined`). */
export function withEdit(draft: Draft, setting: SettingView, value: unknown): Draft {
  const next = { ...draft };
  const unchanged = setting.type === 'secret' ? value === undefined : sameValue(value, setting.value);
  if (value === undefined || unchanged) delete next[setting.key];
  else next[setting.key] = value;
  return next;
}

/** What stays unsaved after `sent` was saved: edits made while the request was on its way. */
export function leftAfterSave(draft: Draft, sent: Draft): Draft {
  return Object.fromEntries(Object.entries(draft).filter(([k, v]) => !(k in sent) || !sameValue(v, sent[k])));
}

/**
 * Checks that only the browser can do: an integer field holding something that is not a number cannot
 * be sent as JSON. Everything else is the server's to judge.
 */
export function localProblems(settings: SettingView[], draft: Draft): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const s of settings) {
    if (s.type !== 'int' || !(s.key in draft)) continue;
    const v = draft[s.key];
    if (typeof v !== 'number' || !Number.isInteger(v)) problems[s.key] = t('Enter a whole number.');
    else if (s.min !== undefined && v < s.min)
      problems[s.key] = t('The smallest allowed value is {min}.', { min: String(s.min) });
    else if (s.max !== undefined && v > s.max)
      problems[s.key] = t('The largest allowed value is {max}.', { max: String(s.max) });
  }
  return problems;
}

/** The per-setting messages of a rejected PATCH (`details.problems`), keyed by setting. */
export function serverProblems(err: unknown): Record<string, string> | undefined {
  if (!(err instanceof ApiError) || (err.code !== 'setting.invalid' && err.code !== 'setting.unknown'))
    return undefined;
  const list = (err.details as { problems?: Array<{ field: string; message: string }> } | undefined)?.problems;
  const problems: Record<string, string> = {};
  for (const p of list ?? (err.field ? [{ field: err.field, message: err.message }] : [])) {
    // The server prefixes each message with the key ("livechat.titleColor: must be…"); the row shows the key.
    const message = p.message.startsWith(`${p.field}: `) ? p.message.slice(p.field.length + 2) : p.message;
    problems[p.field] ??= message.charAt(0).toUpperCase() + message.slice(1);
  }
  return problems;
}

import type { ApiError } from '../api';
import { t, type StringKey } from '../i18n';

const known: Record<string, StringKey> = {
  network: 'networkError',
  'email.invalid': 'invalidEmail',
  'consent.required': 'consentRequired',
  'upload.disabled': 'uploadsDisabled',
  'upload.too-large': 'fileTooLarge',
  'upload.type-not-allowed': 'fileType',
  'omnichannel.disabled': 'disabled',
};

/** The visitor-facing text of an API error: ours when we know it, else the server's explanation. */
export function errorText(e: ApiError): string {
  const key = known[e.code];
  if (key) return t(key);
  if (e.status >= 500 || !e.message) return t('genericError');
  return e.message;
}

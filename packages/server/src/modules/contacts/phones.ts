import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A phone number in E.164 (`+4915123456789`), or undefined when it does not parse as an international
 * number (a `+` or `00` and the country code first: Parley has no country to assume).
 */
export function toE164(raw: string): string | undefined {
  const text = raw.trim().replace(/^00/, '+');
  const n = parsePhoneNumberFromString(text.startsWith('+') ? text : `+${text}`);
  return n && n.isPossible() ? n.number : undefined;
}

/** The digits a search for this text compares with `contacts.phone_digits` (0016_contacts.sql). */
export function phoneSearchDigits(q: string): string[] {
  if (!/^[+(]?[0-9][0-9 ().-]{4,}$/.test(q.trim())) return [];
  const raw = q.replace(/[^0-9]/g, '');
  const e164 = toE164(q)?.slice(1);
  return [...new Set([raw, ...(e164 ? [e164] : [])])];
}

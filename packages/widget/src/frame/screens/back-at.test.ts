import { afterAll, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n';
import { backText } from './back-at';

/** The offline screen's "back at" line: the server's instant, read in the visitor's language and zone. */
describe('backText', () => {
  // Friday 9 January 2026, 18:00 in Berlin.
  const now = new Date('2026-01-09T17:00:00Z');
  const monday = '2026-01-12T08:00:00.000Z'; // 09:00 in Berlin
  afterAll(() => setLanguage('en'));

  it('names the weekday and the time, in English and in the zone given', async () => {
    await setLanguage('en');
    expect(backText(monday, now, 'Europe/Berlin')).toBe("We're back Monday at 9:00 AM.");
    expect(backText(monday, now, 'America/New_York')).toBe("We're back Monday at 3:00 AM.");
  });

  it('says today and tomorrow, by the dates of the zone', async () => {
    await setLanguage('en');
    expect(backText('2026-01-09T19:30:00Z', now, 'Europe/Berlin')).toBe("We're back today at 8:30 PM.");
    expect(backText('2026-01-10T08:00:00Z', now, 'Europe/Berlin')).toBe("We're back tomorrow at 9:00 AM.");
    // 22:30 on Friday in Kolkata: its Saturday 09:00 is tomorrow there.
    expect(backText('2026-01-10T03:30:00Z', now, 'Asia/Kolkata')).toBe("We're back tomorrow at 9:00 AM.");
    // 00:30 on Saturday in Kolkata (later that evening in Berlin): the same 09:00 is today there.
    expect(backText('2026-01-10T03:30:00Z', new Date('2026-01-09T19:00:00Z'), 'Asia/Kolkata')).toBe(
      "We're back today at 9:00 AM.",
    );
  });

  it('in the visitor language, with a date when it is more than a week away', async () => {
    await setLanguage('de');
    expect(backText(monday, now, 'Europe/Berlin')).toBe('Wir sind Montag um 9:00 zurück.');
    await setLanguage('fr');
    expect(backText('2026-01-20T08:00:00Z', now, 'Europe/Berlin')).toBe('De retour mardi 20 janvier à 9:00.');
  });
});

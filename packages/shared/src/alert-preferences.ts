import { z } from 'zod';

/** The languages the staff app is translated into (issue 18, item 7); `en` is the source language. */
export const STAFF_LANGUAGES = ['en', 'de', 'fr', 'es', 'pt-BR'] as const;
export type StaffLanguage = (typeof STAFF_LANGUAGES)[number];
export const staffLanguageSchema = z.enum(STAFF_LANGUAGES);

/**
 * A staff user's own preferences, kept on the server so they follow the person from browser to browser:
 * the alerts (issue 18, item 3) — the new-chat sound, desktop notifications, and which events alert at
 * all — and the staff app's language (item 7).
 */
export const alertPreferencesSchema = z.strictObject({
  /** Play the chime. */
  sound: z.boolean(),
  /** Show a desktop notification (when the browser allows them and the app is not in front). */
  desktop: z.boolean(),
  /** A chat given to me, or new in the queue. */
  newChat: z.boolean(),
  /** A visitor's new message in one of my chats. */
  newMessage: z.boolean(),
  /** A colleague mentioned me in an internal note. */
  mention: z.boolean(),
  /** The staff app's language; null: the browser's (`navigator.languages`), else English. */
  language: staffLanguageSchema.nullable(),
});
export type AlertPreferences = z.infer<typeof alertPreferencesSchema>;

/** A change: any of the preferences, at least one. */
export const alertPreferencesPatch = alertPreferencesSchema
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'Give at least one preference to change' });
export type AlertPreferencesPatch = z.input<typeof alertPreferencesPatch>;

/** Until a user changes them: everything on. */
export const DEFAULT_ALERT_PREFERENCES: AlertPreferences = {
  sound: true,
  desktop: true,
  newChat: true,
  newMessage: true,
  mention: true,
  language: null,
};

import { z } from 'zod';

/**
 * A staff user's own alert preferences (issue 18, item 3), kept on the server so they follow the person
 * from browser to browser: the new-chat sound, desktop notifications, and which events alert at all.
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
};

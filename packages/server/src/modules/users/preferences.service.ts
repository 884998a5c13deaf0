import {
  alertPreferencesSchema,
  STAFF_LANGUAGES,
  DEFAULT_ALERT_PREFERENCES,
  type AlertPreferences,
  type AlertPreferencesPatch,
} from '@parley/shared';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import './users.tables.js';

/**
 * Each staff user's own preferences — alerts (sound, desktop notifications, which events) and the staff
 * app's language — read and changed by that user only. Stored as what they changed over the defaults, so a preference added later starts at
 * its default for everyone.
 */
export class PreferencesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async alerts(userId: string): Promise<AlertPreferences> {
    const row = await this.db.q
      .selectFrom('user_preferences')
      .select('alerts')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return merged(row?.alerts);
  }

  /** Changes some of the user's alert preferences (one statement: the row is created or updated). */
  async setAlerts(userId: string, patch: AlertPreferencesPatch): Promise<AlertPreferences> {
    return this.db.tx(async (trx) => {
      const row = await trx
        .selectFrom('user_preferences')
        .select('alerts')
        .where('user_id', '=', userId)
        .forUpdate()
        .executeTakeFirst();
      const next = merged({ ...row?.alerts, ...patch });
      const alerts = JSON.stringify(next);
      await trx
        .insertInto('user_preferences')
        .values({ user_id: userId, alerts, updated_at: this.clock.now() })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ alerts, updated_at: this.clock.now() }))
        .execute();
      return next;
    });
  }

  /** Whether this admin dismissed the onboarding checklist. */
  async onboardingDismissed(userId: string): Promise<boolean> {
    const row = await this.db.q
      .selectFrom('user_preferences')
      .select('onboarding_dismissed_at')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return !!row?.onboarding_dismissed_at;
  }

  /** Hides (or, `false`, shows again) the onboarding checklist for this user only. */
  async setOnboardingDismissed(userId: string, dismissed: boolean): Promise<void> {
    const now = this.clock.now();
    const at = dismissed ? now : null;
    await this.db.q
      .insertInto('user_preferences')
      .values({ user_id: userId, alerts: '{}', onboarding_dismissed_at: at, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ onboarding_dismissed_at: at, updated_at: now }))
      .execute();
  }
}

/** The stored preferences over the defaults; a stored value of the wrong shape counts as absent. */
function merged(stored: Partial<AlertPreferences> | undefined): AlertPreferences {
  const out = { ...DEFAULT_ALERT_PREFERENCES };
  for (const key of ['sound', 'desktop', 'newChat', 'newMessage', 'mention'] as const) {
    const v = stored?.[key];
    if (typeof v === 'boolean') out[key] = v;
  }
  const language = stored?.language;
  if (typeof language === 'string' && (STAFF_LANGUAGES as readonly string[]).includes(language)) {
    out.language = language as AlertPreferences['language'];
  }
  return alertPreferencesSchema.parse(out);
}

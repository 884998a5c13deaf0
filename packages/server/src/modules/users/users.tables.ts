import type { AlertPreferences, StaffRole } from '@parley/shared';
import type { ColumnType } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  username: string;
  name: string;
  password_hash: string | null;
  roles: StaffRole[];
  active: boolean;
  failed_logins: number;
  locked_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A user's own preferences; no row: the defaults. */
export interface UserPreferencesTable {
  user_id: string;
  alerts: ColumnType<Partial<AlertPreferences>, string, string>;
  /** When this user dismissed the onboarding checklist (admins); null: it shows. */
  onboarding_dismissed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  updated_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    users: UsersTable;
    user_preferences: UserPreferencesTable;
  }
}

import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface ContactsTable {
  id: string;
  name: string | null;
  emails: string[];
  phones: string[];
  custom_fields: Json<Record<string, string>>;
  contact_manager_id: string | null;
  unknown: Generated<boolean>;
  conflicting_fields: Json<Array<{ field: string; value: string }>>;
  last_chat_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** Merged into this contact (0020): the row is empty and the id redirects there. */
  merged_into: Generated<string | null>;
  /** Its personal data was erased (GDPR, 0020). */
  erased_at: Generated<Date | null>;
}

export interface ChannelIdentitiesTable {
  id: string;
  contact_id: string;
  channel: string;
  external_id: string;
  username: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  department_id: string | null;
  custom_fields: Json<Record<string, string>>;
  verified: Generated<boolean>;
  verified_at: Date | null;
  blocked: Generated<boolean>;
  ip: string | null;
  user_agent: string | null;
  referrer: string | null;
  consent_at: Date | null;
  consent_text_hash: string | null;
  last_agent_id: string | null;
  created_at: Date;
  updated_at: Date;
  last_seen_at: Date;
  /** Verification (0017_verification.sql, verification.service.ts). */
  signed_user_id: Generated<string | null>;
  verified_email: Generated<string | null>;
  verified_via: Generated<string | null>;
}

export interface PageViewsTable {
  id: string;
  visitor_id: string;
  conversation_id: string | null;
  url: string;
  title: string;
  at: Date;
}

export interface VerificationCodesTable {
  id: string;
  visitor_id: string;
  email: string;
  code_hash: string;
  ip: string | null;
  attempts: Generated<number>;
  expires_at: Date;
  used_at: Date | null;
  created_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    contacts: ContactsTable;
    channel_identities: ChannelIdentitiesTable;
    page_views: PageViewsTable;
    verification_codes: VerificationCodesTable;
  }
}

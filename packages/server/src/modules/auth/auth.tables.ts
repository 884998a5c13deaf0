export interface StaffSessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface AccessTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    staff_sessions: StaffSessionsTable;
    access_tokens: AccessTokensTable;
    setup_tokens: SetupTokensTable;
  }
}

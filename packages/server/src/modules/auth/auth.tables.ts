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

/** A pending invitation: the user sets their password through the link (its token's hash is kept). */
export interface InvitationsTable {
  user_id: string;
  token_hash: string;
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
}

export interface SignInFailuresTable {
  key: string;
  failures: number;
  window_ends_at: Date;
  blocked_until: Date | null;
}

export interface SignInSourcesTable {
  user_id: string;
  ip: string;
  last_success_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    sign_in_failures: SignInFailuresTable;
    sign_in_sources: SignInSourcesTable;
    staff_sessions: StaffSessionsTable;
    access_tokens: AccessTokensTable;
    setup_tokens: SetupTokensTable;
    invitations: InvitationsTable;
  }
}

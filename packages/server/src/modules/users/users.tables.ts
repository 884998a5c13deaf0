import type { StaffRole } from '@parley/shared';

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

declare module '../../kernel/db/schema.js' {
  interface Database {
    users: UsersTable;
  }
}

import type { StaffRole } from '@parley/shared';
import { createContext, useContext } from 'react';
import type { User } from '../api/types';

export interface Session {
  user: User;
  /** Replace the signed-in user (after editing oneself). */
  setUser: (user: User) => void;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | undefined>(undefined);

/** The signed-in user; only used inside the signed-in shell. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession() outside the signed-in shell');
  return s;
}

/** Whether the user holds one of `roles` (no `roles` = every signed-in user). */
export function allowed(user: Pick<User, 'roles'>, roles: readonly StaffRole[] | undefined): boolean {
  return !roles || user.roles.some((r) => roles.includes(r));
}

import type { StaffRole, UserView } from '@parley/shared';
import { createContext, useContext } from 'react';

export interface Session {
  user: UserView;
  /** Replace the signed-in user (after editing oneself). */
  setUser: (user: UserView) => void;
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
export function allowed(user: Pick<UserView, 'roles'>, roles: readonly StaffRole[] | undefined): boolean {
  return !roles || user.roles.some((r) => roles.includes(r));
}

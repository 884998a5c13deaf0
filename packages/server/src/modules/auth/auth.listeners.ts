import { listener, type Listener } from '../../kernel/listeners.js';
import type { AuthService } from './auth.service.js';

/**
 * How sign-in state follows changes to accounts. Cached actors are forgotten in every process first (a
 * request anywhere must not pass on what was revoked); sessions end in the very transaction of the change,
 * so the answer to a deactivation or a password reset already means they are gone.
 */
export function authListeners(auth: AuthService): Listener[] {
  return [
    listener('user.updated', 'after-commit-everywhere', (e) => auth.forgetUser(e.payload.userId)),
    listener('user.deactivated', 'after-commit-everywhere', (e) => auth.forgetUser(e.payload.userId)),
    listener('auth.sessions-ended', 'after-commit-everywhere', (e) => auth.forgetSessions(e.payload.sessionIds)),
    listener('auth.access-token-revoked', 'after-commit-everywhere', (e) => auth.forgetAccessToken(e.payload.tokenId)),
    // A deactivated account's sessions end (reactivating it does not bring them back).
    listener('user.deactivated', 'in-transaction', (e) => auth.endSessions(e.payload.userId, 'deactivated')),
    // A password set by someone else (an administrator's reset) ends every session of the user: whoever
    // held one may be why it was reset. The user's own change ends their other sessions (changePassword).
    listener('user.updated', 'in-transaction', async (e) => {
      const p = e.payload;
      if (p.changed.includes('password') && p.byUserId !== p.userId) await auth.endSessions(p.userId, 'password-reset');
    }),
  ];
}

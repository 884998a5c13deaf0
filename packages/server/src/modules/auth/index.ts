export { AuthService, SESSION_COOKIE, SESSION_TTL_SECONDS, type AccessTokenView } from './auth.service.js';
export { SIGN_IN_POLICY } from './sign-in-throttle.js';
export { SetupService } from './setup.service.js';
export { authRoutes } from './auth.routes.js';
export { authListeners } from './auth.listeners.js';
export { InvitationsService } from './invitations.service.js';
export { invitationRoutes } from './invitations.routes.js';

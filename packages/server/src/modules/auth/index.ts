export {
  AuthService,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  LOCKOUT_AFTER,
  LOCKOUT_MS,
  type AccessTokenView,
} from './auth.service.js';
export { SetupService } from './setup.service.js';
export { authRoutes } from './auth.routes.js';

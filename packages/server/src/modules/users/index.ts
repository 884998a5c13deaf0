export { UsersService, toUserView, type UserView, type NewUser, type UserPatch } from './users.service.js';
export type { UserRow } from './users.repo.js';
export { preferencesRoutes, usersRoutes } from './users.routes.js';
export { PreferencesService } from './preferences.service.js';
export { hashPassword, verifyPassword, decoyHash, checkPasswordStrength } from './passwords.js';

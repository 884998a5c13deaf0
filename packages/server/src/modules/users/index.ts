export { UsersService, toUserView, type UserView, type NewUser, type UserPatch } from './users.service.js';
export type { UserRow } from './users.repo.js';
export { usersRoutes } from './users.routes.js';
export { hashPassword, verifyPassword, decoyHash, checkPasswordStrength } from './passwords.js';

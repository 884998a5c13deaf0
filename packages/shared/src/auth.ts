import { z } from 'zod';
import { PASSWORD_MAX } from './users.js';

/** `POST /api/v1/setup`: the first administrator, with the one-time setup token. */
export const setupBody = z.strictObject({
  token: z.string().min(10).max(200),
  email: z.email().max(320),
  name: z.string().trim().min(1).max(120),
  password: z.string().max(PASSWORD_MAX),
});
export type SetupRequest = z.input<typeof setupBody>;

/** `POST /api/v1/auth/sign-in`. */
export const signInBody = z.strictObject({ email: z.email().max(320), password: z.string().min(1).max(PASSWORD_MAX) });
export type SignInRequest = z.input<typeof signInBody>;

/** `POST /api/v1/auth/password`: change my own password. */
export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX),
  newPassword: z.string().max(PASSWORD_MAX),
});
export type PasswordChange = z.input<typeof passwordChangeBody>;

/** `POST /api/v1/auth/tokens`: a personal access token; without `expiresInDays`, it does not expire. */
export const newAccessTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type NewAccessToken = z.input<typeof newAccessTokenBody>;

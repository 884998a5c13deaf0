import { z } from 'zod';
import { emailField, newPasswordField, PASSWORD_MAX, personName } from './users.js';

/** `POST /api/v1/setup`: the first administrator, with the one-time setup token. */
export const setupBody = z.strictObject({
  token: z
    .string({ error: 'The setup link is incomplete: open the full link the server printed' })
    .min(10, { error: 'The setup link is incomplete: open the full link the server printed' })
    .max(200, { error: 'The setup link is not valid' }),
  email: emailField,
  name: personName,
  password: newPasswordField,
});
export type SetupRequest = z.input<typeof setupBody>;

/** `POST /api/v1/auth/sign-in`. */
export const signInBody = z.strictObject({
  email: emailField,
  password: z
    .string({ error: 'Enter your password' })
    .min(1, { error: 'Enter your password' })
    .max(PASSWORD_MAX, { error: 'The password is too long' }),
});
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

import { z } from 'zod';
import { staffRoles } from './roles.js';

/** A staff user as the API answers it (`/api/v1/users`, `/api/v1/auth/me`); never the password hash. */
export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(staffRoles)),
  active: z.boolean(),
  /** Invited and has not yet set a password through the link (never for bots, which have none). */
  invited: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type UserView = z.infer<typeof userViewSchema>;

/** A personal access token as listed to its owner (`/api/v1/auth/tokens`); the secret is shown once, at creation. */
export const accessTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type AccessTokenView = z.infer<typeof accessTokenViewSchema>;

/** Longer passwords are refused before hashing (hashing megabytes would be a cheap denial of service). */
export const PASSWORD_MAX = 256;

// Forms show these messages beside their fields: they speak to a person, not of types and lengths.
/** An email address, with a message a person understands when it is missing or malformed. */
export const emailField = z
  .email({ error: 'Enter a valid email address' })
  .max(320, { error: 'The email address is too long (at most 320 characters)' });
/** A person's name (trimmed). */
export const personName = z
  .string({ error: 'Enter your name' })
  .trim()
  .min(1, { error: 'Enter your name' })
  .max(120, { error: 'The name is too long (at most 120 characters)' });
/** A new password: its strength is checked by the server's password policy. */
export const newPasswordField = z
  .string({ error: 'Choose a password' })
  .min(1, { error: 'Choose a password' })
  .max(PASSWORD_MAX, { error: `The password is too long (at most ${PASSWORD_MAX} characters)` });

const username = z
  .string({ error: 'Enter a username' })
  .min(2, { error: 'The username needs at least 2 characters' })
  .max(60, { error: 'The username is too long (at most 60 characters)' })
  .regex(/^[a-zA-Z0-9._-]+$/, 'Use letters, digits, dot, dash and underscore only');
/** Someone else's name, as an admin enters it. */
const name = z
  .string({ error: "Enter the person's name" })
  .trim()
  .min(1, { error: "Enter the person's name" })
  .max(120, { error: 'The name is too long (at most 120 characters)' });
const roles = z
  .array(z.enum(staffRoles, { error: `Choose roles among: ${staffRoles.join(', ')}` }), {
    error: 'Choose at least one role',
  })
  .min(1, { error: 'Choose at least one role' })
  .max(staffRoles.length);

/** `GET /api/v1/users`: a page of staff users, filtered. */
export const userListQuery = z.strictObject({
  limit: z.coerce.number<number>().int().min(1).max(200).default(50),
  offset: z.coerce.number<number>().int().min(0).max(1_000_000).default(0),
  role: z.enum(staffRoles).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  search: z.string().max(100).optional(),
});
export type UserListQuery = z.input<typeof userListQuery>;

/** `POST /api/v1/users`: without a username, one is made from the email; only bots may have no password. */
export const newUserBody = z.strictObject({
  email: emailField,
  name,
  username: username.optional(),
  password: z
    .string({ error: 'Choose a password' })
    .max(PASSWORD_MAX, { error: `The password is too long (at most ${PASSWORD_MAX} characters)` })
    .optional(),
  roles,
});
export type NewUser = z.input<typeof newUserBody>;

/** `PATCH /api/v1/users/:id`: only what is given changes (`active: false` deactivates). */
export const userPatchBody = z.strictObject({
  email: emailField.optional(),
  name: name.optional(),
  username: username.optional(),
  password: z.string().max(PASSWORD_MAX).optional(),
  roles: roles.optional(),
  active: z.boolean().optional(),
});
export type UserPatch = z.input<typeof userPatchBody>;

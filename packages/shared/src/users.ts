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

const username = z
  .string()
  .min(2)
  .max(60)
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
const name = z.string().trim().min(1).max(120);
const roles = z.array(z.enum(staffRoles)).min(1).max(staffRoles.length);

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
  email: z.email().max(320),
  name,
  username: username.optional(),
  password: z.string().max(PASSWORD_MAX).optional(),
  roles,
});
export type NewUser = z.input<typeof newUserBody>;

/** `PATCH /api/v1/users/:id`: only what is given changes (`active: false` deactivates). */
export const userPatchBody = z.strictObject({
  email: z.email().max(320).optional(),
  name: name.optional(),
  username: username.optional(),
  password: z.string().max(PASSWORD_MAX).optional(),
  roles: roles.optional(),
  active: z.boolean().optional(),
});
export type UserPatch = z.input<typeof userPatchBody>;

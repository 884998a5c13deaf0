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

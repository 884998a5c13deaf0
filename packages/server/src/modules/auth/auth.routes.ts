import { newAccessTokenBody, passwordChangeBody, setupBody, signInBody } from '@parley/shared';
import { z } from 'zod';
import { respond, route, type CookieSpec, type RouteDef } from '../../kernel/http.js';
import { toUserView, type UsersService } from '../users/index.js';
import { SESSION_COOKIE, SESSION_TTL_SECONDS, type AuthService } from './auth.service.js';
import type { SetupService } from './setup.service.js';

const anyStaff = { roles: ['admin', 'manager', 'agent', 'monitor', 'bot'] } as const;

export const sessionCookie = (token: string): CookieSpec => ({
  name: SESSION_COOKIE,
  value: token,
  maxAgeSeconds: SESSION_TTL_SECONDS,
  httpOnly: true,
  sameSite: 'strict',
});

export function authRoutes(auth: AuthService, setup: SetupService, users: UsersService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/setup',
      summary: 'Whether the first administrator still has to be created',
      tags: ['auth'],
      access: { public: true },
      handler: async () => ({ needed: await setup.needsSetup() }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/setup',
      summary: 'Create the first administrator with the one-time setup token, and sign in',
      tags: ['auth'],
      access: { public: true },
      rateLimit: { max: 20, windowMs: 60_000 },
      body: setupBody,
      handler: async ({ body, req }) => {
        const { token, ...admin } = body;
        await setup.complete(token, admin);
        const signedIn = await auth.signIn(admin.email, admin.password, { ip: req.ip, userAgent: req.userAgent });
        return respond.json(201, { user: signedIn.user }, [sessionCookie(signedIn.token)]);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/sign-in',
      summary: 'Sign in with email and password; sets the session cookie',
      tags: ['auth'],
      access: { public: true },
      body: signInBody,
      handler: async ({ body, req }) => {
        const r = await auth.signIn(body.email, body.password, { ip: req.ip, userAgent: req.userAgent });
        return respond.json(200, { user: r.user }, [sessionCookie(r.token)]);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/sign-out',
      summary: 'End the current session and clear the cookie',
      tags: ['auth'],
      access: anyStaff,
      handler: async ({ actor }) => {
        if (actor.sessionId) await auth.signOut(actor.sessionId);
        return respond.json(200, { ok: true }, [{ ...sessionCookie(''), maxAgeSeconds: 0 }]);
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/auth/me',
      summary: 'The signed-in user',
      tags: ['auth'],
      access: anyStaff,
      handler: async ({ actor }) => ({ user: toUserView(await users.get(actor.userId)) }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/password',
      summary: 'Change my password (ends my other sessions)',
      tags: ['auth'],
      access: anyStaff,
      rateLimit: { max: 10, windowMs: 60_000 },
      body: passwordChangeBody,
      handler: async ({ actor, body }) => {
        await auth.changePassword(actor, body.currentPassword, body.newPassword);
        return { ok: true };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/auth/tokens',
      summary: 'My personal access tokens (never their secret)',
      tags: ['auth'],
      access: anyStaff,
      handler: async ({ actor }) => ({ items: await auth.listAccessTokens(actor.userId) }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/tokens',
      summary: 'Create a personal access token; its secret is shown once (use as `Authorization: Bearer …`)',
      tags: ['auth'],
      access: anyStaff,
      body: newAccessTokenBody,
      handler: async ({ actor, body }) =>
        respond.created(await auth.createAccessToken(actor, body.name, body.expiresInDays)),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/auth/tokens/:id',
      summary: 'Revoke one of my access tokens',
      tags: ['auth'],
      access: anyStaff,
      params: z.strictObject({ id: z.uuid() }),
      handler: async ({ actor, params }) => {
        await auth.revokeAccessToken(actor, params.id);
        return respond.noContent();
      },
    }),
  ];
}

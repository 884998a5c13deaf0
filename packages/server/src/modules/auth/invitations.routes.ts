import {
  invitationAcceptBody,
  invitationLookupQuery,
  invitationLookupSchema,
  invitationResultSchema,
  newInvitationBody,
} from '@parley/shared';
import { z } from 'zod';
import { respond, route, type RouteDef } from '../../kernel/http.js';
import { sessionCookie } from './auth.routes.js';
import type { AuthService } from './auth.service.js';
import type { InvitationsService } from './invitations.service.js';

const admin = { roles: ['admin'] } as const;
// Tokens have 256 bits: the limit is against hammering, not guessing.
const linkLimit = { max: 20, windowMs: 60_000 };

export function invitationRoutes(invitations: InvitationsService, auth: AuthService): RouteDef[] {
  return [
    route({
      method: 'POST',
      path: '/api/v1/invitations',
      summary: 'Invite a staff member by email: they choose their own password through a one-time link (72 h)',
      tags: ['users'],
      access: admin,
      body: newInvitationBody,
      response: invitationResultSchema,
      handler: async ({ body, actor, req }) => respond.created(await invitations.invite(body, actor, req.ip)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/users/:id/invitation',
      summary: 'Send a new invitation link to a user who has not accepted yet (the old link stops working)',
      tags: ['users'],
      access: admin,
      params: z.strictObject({ id: z.uuid() }),
      response: invitationResultSchema,
      handler: async ({ params, actor, req }) => invitations.resend(params.id, actor, req.ip),
    }),
    route({
      method: 'GET',
      path: '/api/v1/invitations/lookup',
      summary: 'Who an invitation link is for (before choosing a password)',
      tags: ['auth'],
      access: { public: true },
      rateLimit: linkLimit,
      query: invitationLookupQuery,
      response: invitationLookupSchema,
      handler: async ({ query }) => invitations.lookup(query.token),
    }),
    route({
      method: 'POST',
      path: '/api/v1/invitations/accept',
      summary: 'Choose a password through an invitation link (once), and sign in',
      tags: ['auth'],
      access: { public: true },
      rateLimit: linkLimit,
      body: invitationAcceptBody,
      handler: async ({ body, req }) => {
        const user = await invitations.accept(body.token, body.password, req.ip);
        const signedIn = await auth.signIn(user.email, body.password, { ip: req.ip, userAgent: req.userAgent });
        return respond.json(201, { user: signedIn.user }, [sessionCookie(signedIn.token)]);
      },
    }),
  ];
}

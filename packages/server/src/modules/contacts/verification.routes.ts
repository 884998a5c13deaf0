import { verificationCheckBody, verificationCodeBody } from '@parley/shared';
import { z } from 'zod';
import { route, type RouteDef, type StaffActor } from '../../kernel/http.js';
import type { VerificationService } from './verification.service.js';

const staffWrite = { roles: ['admin', 'manager', 'agent'] } as const;
const staffRead = { roles: ['admin', 'manager', 'agent', 'monitor'] } as const;
const visitor = { visitor: true } as const;

/**
 * The widget's verification routes (the widget module serves them, behind its origin and identity checks).
 * Rate limits per visitor and per IP on top of the service's hourly limits on codes.
 */
export function verificationWidgetRoutes(
  verification: VerificationService,
  /** Requests per minute → the route's limit (the widget scales them with WIDGET_RATE_PER_MINUTE). */
  rl: (perMinute: number) => { max: number; windowMs: number } = (n) => ({ max: n, windowMs: 60_000 }),
): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/widget/verification',
      summary: 'Whether I am verified (signed user id or emailed code), and whether a chat needs it',
      tags: ['widget'],
      access: visitor,
      handler: async ({ actor }) => verification.status(actor.visitorId),
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/verification/code',
      summary: 'Email me a 6-digit verification code (valid 10 minutes; a new one replaces the last)',
      tags: ['widget'],
      access: visitor,
      rateLimit: rl(30),
      body: verificationCodeBody,
      handler: async ({ actor, body, req }) => verification.sendCode(actor.visitorId, body.email, req.ip),
    }),
    route({
      method: 'POST',
      path: '/api/v1/widget/verification/check',
      summary: 'Check the code I was emailed (5 attempts per code)',
      tags: ['widget'],
      access: visitor,
      rateLimit: rl(30),
      body: verificationCheckBody,
      handler: async ({ actor, body }) => verification.checkCode(actor.visitorId, body.code),
    }),
  ];
}

/**
 * Staff: ask the visitor of a conversation to verify their email. `visitorOf` is the conversations'
 * access rule (the caller may act on it), given by compose.ts.
 */
export function verificationStaffRoutes(
  verification: VerificationService,
  visitorOf: (actor: StaffActor, conversationId: string) => Promise<string>,
): RouteDef[] {
  return [
    route({
      method: 'POST',
      path: '/api/v1/conversations/:id/verification-request',
      summary: "Ask the conversation's visitor to verify their email (the widget shows the code form)",
      tags: ['contacts'],
      access: staffWrite,
      params: z.strictObject({ id: z.uuid() }),
      handler: async ({ actor, params }) => {
        await verification.request(await visitorOf(actor, params.id));
        return { ok: true };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/visitors/:id/verification',
      summary: "A visitor's verification: verified, how, when, the verified email",
      tags: ['contacts'],
      access: staffRead,
      params: z.strictObject({ id: z.uuid() }),
      handler: async ({ params }) => verification.status(params.id),
    }),
  ];
}

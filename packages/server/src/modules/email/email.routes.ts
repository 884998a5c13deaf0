import { emailStatusSchema, emailTestBody } from '@parley/shared';
import { z } from 'zod';
import { route, type RouteDef } from '../../kernel/http.js';
import type { EmailService } from './email.service.js';

const admins = { roles: ['admin'] } as const;
const tags = ['email'];

export function emailRoutes(email: EmailService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/email/status',
      summary: 'Outgoing email: where it goes (environment or console), the last mail sent or failed, failing mails',
      tags,
      access: admins,
      response: emailStatusSchema,
      handler: async () => email.status(),
    }),
    route({
      method: 'POST',
      path: '/api/v1/email/test',
      summary: 'Send a test email now; a refusal comes back with what the mail server said',
      tags,
      access: admins,
      body: emailTestBody,
      rateLimit: { max: 10, windowMs: 60_000 },
      handler: async ({ actor, body, req }) => email.sendTest(actor, body.to, req.ip),
    }),
    route({
      method: 'POST',
      path: '/api/v1/email/jobs/:id/retry',
      summary: 'Try a failing email again now (its attempts counted afresh)',
      tags,
      access: admins,
      params: z.strictObject({
        id: z.coerce
          .number()
          .int()
          .positive()
          .max(2 ** 53),
      }),
      handler: async ({ params }) => email.retry(params.id),
    }),
  ];
}

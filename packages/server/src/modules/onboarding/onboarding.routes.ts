import { onboardingSchema } from '@parley/shared';
import { z } from 'zod';
import { route, type RouteDef } from '../../kernel/http.js';
import type { OnboardingService } from './onboarding.service.js';

const admin = { roles: ['admin'] } as const;

export function onboardingRoutes(onboarding: OnboardingService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/onboarding',
      summary: 'The first-steps checklist for admins, each item computed from what exists',
      tags: ['onboarding'],
      access: admin,
      response: onboardingSchema,
      handler: async ({ actor }) => onboarding.forAdmin(actor.userId),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/onboarding/dismissed',
      summary: 'Hide (true) or show again (false) the checklist, for me only',
      tags: ['onboarding'],
      access: admin,
      body: z.strictObject({ dismissed: z.boolean({ error: 'Say true to hide the checklist or false to show it' }) }),
      response: onboardingSchema,
      handler: async ({ actor, body }) => onboarding.dismiss(actor.userId, body.dismissed),
    }),
  ];
}

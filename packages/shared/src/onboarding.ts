import { z } from 'zod';

export const onboardingItemIds = [
  'invite-agents',
  'create-department',
  'set-up-email',
  'install-widget',
  'test-chat',
] as const;
export type OnboardingItemId = (typeof onboardingItemIds)[number];

/** `GET /api/v1/onboarding`: the first steps, each computed from what exists (nothing is ticked by hand). */
export const onboardingSchema = z.object({
  dismissed: z.boolean(),
  items: z.array(z.object({ id: z.enum(onboardingItemIds), done: z.boolean() })),
});
export type Onboarding = z.infer<typeof onboardingSchema>;

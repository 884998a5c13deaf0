import { onboardingRoutes } from './onboarding.routes.js';
import { OnboardingService, type OnboardingSources } from './onboarding.service.js';

export type { OnboardingService } from './onboarding.service.js';

/**
 * The admins' onboarding checklist (issue 19 item 3): computed from other modules' data, asked through
 * their faces; it owns no table (the per-admin "Dismiss" is a user preference).
 */
export function createOnboardingModule(sources: OnboardingSources) {
  const onboarding = new OnboardingService(sources);
  return { onboarding, routes: onboardingRoutes(onboarding) };
}

import type { Onboarding, OnboardingItemId } from '@parley/shared';

/** What the checklist asks of the modules that hold the data (through their faces; it owns no table). */
export interface OnboardingSources {
  /** Active users with the agent role. */
  agents: () => Promise<Array<{ id: string }>>;
  /** Departments that are not archived. */
  departmentCount: () => Promise<number>;
  emailConfigured: () => boolean;
  /** The widget reported a page view from a site other than Parley's own origin. */
  widgetSeenOutside: () => Promise<boolean>;
  anyConversationClosed: () => Promise<boolean>;
  dismissed: (userId: string) => Promise<boolean>;
  setDismissed: (userId: string, dismissed: boolean) => Promise<void>;
}

/**
 * The first steps an admin sees after setup (issue 19 item 3). Each item is computed from real data on
 * every request — nothing is ticked by hand, so an item undone (the last department archived) unticks.
 */
export class OnboardingService {
  constructor(private readonly s: OnboardingSources) {}

  async forAdmin(userId: string): Promise<Onboarding> {
    const [agents, departments, widget, chat, dismissed] = await Promise.all([
      this.s.agents(),
      this.s.departmentCount(),
      this.s.widgetSeenOutside(),
      this.s.anyConversationClosed(),
      this.s.dismissed(userId),
    ]);
    const done: Record<OnboardingItemId, boolean> = {
      'invite-agents': agents.some((a) => a.id !== userId),
      'create-department': departments > 0,
      'set-up-email': this.s.emailConfigured(),
      'install-widget': widget,
      'test-chat': chat,
    };
    return { dismissed, items: Object.entries(done).map(([id, d]) => ({ id: id as OnboardingItemId, done: d })) };
  }

  async dismiss(userId: string, dismissed: boolean): Promise<Onboarding> {
    await this.s.setDismissed(userId, dismissed);
    return this.forAdmin(userId);
  }
}

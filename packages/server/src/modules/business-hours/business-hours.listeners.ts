import { listener, type Listener } from '../../kernel/listeners.js';
import type { BusinessHoursService } from './business-hours.service.js';
import type { HoursTransitions } from './transitions.js';

/** The business-hours module's reactions to events. */
export function businessHoursListeners(hours: BusinessHoursService, transitions: HoursTransitions): Listener[] {
  return [
    // Every process reads the schedules again after an edit (a transition changes no schedule).
    listener('business-hours.changed', 'after-commit-everywhere', (e) =>
      e.payload.reason === 'edited' ? hours.load() : undefined,
    ),
    // Turned on, off, or single/multiple: the transition job follows in the same transaction, and the
    // event tells routing to look again (turned off, departments closed until now take chats at once).
    listener('setting.changed', 'in-transaction', async (e) => {
      if (!e.payload.key.startsWith('businessHours.')) return;
      await transitions.rearm();
      hours.settingsChanged();
    }),
  ];
}

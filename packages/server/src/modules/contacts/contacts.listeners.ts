import { listener, type Listener } from '../../kernel/listeners.js';
import type { VisitorsService } from './visitors.service.js';

/** Every process forgets a visitor's cached display name when the visitor changed. */
export function contactsListeners(visitors: VisitorsService): Listener[] {
  return [listener('visitor.updated', 'after-commit-everywhere', (e) => visitors.forgetName(e.payload.visitorId))];
}

import { listener, type Listener } from '../../kernel/listeners.js';
import type { VisitorsService } from './visitors.service.js';

export function contactsListeners(visitors: VisitorsService): Listener[] {
  return [
    // Every process forgets a visitor's cached display name when the visitor changed.
    listener('visitor.updated', 'after-commit-everywhere', (e) => visitors.forgetName(e.payload.visitorId)),
    // Lead capture: with the message, so the contact never misses what its visitor wrote.
    listener('message.created', 'in-transaction', (e) =>
      visitors.leads.onMessage(e.payload.message, e.payload.visitorId),
    ),
  ];
}

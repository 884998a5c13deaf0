import { listener, type Listener } from '../../kernel/listeners.js';
import type { OfflineMessagesService } from './offline-messages.service.js';

/** A message left through the offline form is emailed (a durable job, queued once). */
export function offlineMessagesListeners(offline: OfflineMessagesService): Listener[] {
  return [listener('offline-message.received', 'after-commit', (e) => offline.queueEmails(e))];
}

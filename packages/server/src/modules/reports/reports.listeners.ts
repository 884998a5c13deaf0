import { listener, type Listener } from '../../kernel/listeners.js';
import type { ReportsRecorder } from './recorder.js';

/** The rollups are written in the transaction of each change (recorder.ts): a rolled-back change adds nothing. */
export function reportsListeners(recorder: ReportsRecorder): Listener[] {
  return [
    listener('conversation.changed', 'in-transaction', (e) => recorder.changed(e.payload)),
    listener('conversation.transferred', 'in-transaction', (e) => recorder.transferred(e.payload, e.at)),
  ];
}

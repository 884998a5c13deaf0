import { listener, type Listener } from '../../kernel/listeners.js';
import type { Transcripts } from './transcripts.js';

/** The messages module's reactions to events. */
export function messagesListeners(transcripts: Transcripts): Listener[] {
  return [
    // The transcript goes once the conversation is closed: at the close, or at once when asked after it.
    listener('conversation.closed', 'after-commit', (e) =>
      e.payload.transcriptEmail
        ? transcripts.enqueue(e.payload.conversationId, e.payload.transcriptEmail, e.id)
        : undefined,
    ),
    listener('transcript.requested', 'after-commit', (e) =>
      e.payload.closed ? transcripts.enqueue(e.payload.conversationId, e.payload.email, e.id) : undefined,
    ),
  ];
}

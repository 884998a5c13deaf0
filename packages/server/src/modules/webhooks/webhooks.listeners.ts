import type { MessageView, WebhookEvent } from '@parley/shared';
import { listener, listeners, type Listener } from '../../kernel/listeners.js';
import type { DeliveryRecorder } from './recorder.js';
import type { WebhookTargets } from './targets.js';

/**
 * Which `crm.on.*` event a new message is, if any: the visitor's and staff's chat messages, page views
 * (`livechat.navigation.asMessage`), and the close — which the reference also posts as a `Message`
 * (`closingMessage: true`) under the switch of whoever closed. Internal notes and other system
 * messages are never sent.
 */
function messageEvent(m: MessageView): WebhookEvent | undefined {
  if (m.kind === 'text' || m.kind === 'file') {
    if (m.author.type === 'visitor') return 'visitorMessage';
    if (m.author.type === 'agent' || m.author.type === 'bot') return 'agentMessage';
    return undefined;
  }
  if (m.systemType === 'navigation') return 'navigationHistory';
  if (m.systemType === 'conversation-finished')
    return m.data?.closedBy === 'visitor' ? 'visitorMessage' : 'agentMessage';
  return undefined;
}

/** Every delivery is written inside the transaction of its event (recorder.ts): never lost, never phantom. */
export function webhooksListeners(recorder: DeliveryRecorder, targets: WebhookTargets): Listener[] {
  return [
    listener('conversation.started', 'in-transaction', (e) =>
      recorder.record('chatStart', { kind: 'session', conversationId: e.payload.conversationId }),
    ),
    listener('conversation.queued', 'in-transaction', (e) =>
      recorder.record('chatQueued', { kind: 'session', conversationId: e.payload.conversationId }),
    ),
    // Taken from the queue; a hand-over between agents is a forward (its own event, same transaction).
    listener('conversation.taken', 'in-transaction', async (e) => {
      if (e.payload.previousAgentId !== null) return;
      await recorder.record('chatTaken', {
        kind: 'taken',
        conversationId: e.payload.conversationId,
        agentId: e.payload.agentId,
        at: e.at,
      });
    }),
    listener('conversation.transferred', 'in-transaction', (e) =>
      recorder.record('forward', {
        kind: 'forward',
        conversationId: e.payload.conversationId,
        from: e.payload.from,
        to: e.payload.to,
        at: e.at,
      }),
    ),
    listener('conversation.closed', 'in-transaction', (e) =>
      recorder.record('chatClose', { kind: 'session', conversationId: e.payload.conversationId }),
    ),
    // Calls (Parley's own body): built at the event, so it shows the call as it was then.
    ...listeners(['call.started', 'call.ended'], 'in-transaction', (e) =>
      recorder.record('call', {
        kind: 'call',
        callId: e.payload.callId,
        phase: e.name === 'call.started' ? 'started' : 'ended',
        conversationId: e.payload.conversationId,
      }),
    ),
    listener('message.created', 'in-transaction', async (e) => {
      const m = e.payload.message;
      const event = messageEvent(m);
      if (!event) return;
      const agentId = e.payload.agentId;
      await recorder.record(event, { kind: 'message', conversationId: m.conversationId, message: m, agentId });
    }),
    listener('lead.captured', 'in-transaction', (e) =>
      recorder.record('leadCapture', { kind: 'session', conversationId: e.payload.conversationId }),
    ),
    listener('offline-message.received', 'in-transaction', (e) =>
      recorder.record('offlineMessage', {
        kind: 'offline',
        name: e.payload.name,
        email: e.payload.email,
        message: e.payload.message,
        sentAt: e.at,
      }),
    ),
    // Every process holds the endpoint list in memory.
    listener('webhook-endpoint.changed', 'after-commit-everywhere', () => targets.load()),
  ];
}

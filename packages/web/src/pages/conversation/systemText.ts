import type { MessageView } from '@parley/shared';
import { closeReasonText, reasonText, transferReasonText } from './timerText';

/** What a system message says, for staff (agent names included). Its text is built here, never as HTML. */
export function systemText(m: Pick<MessageView, 'systemType' | 'data' | 'text'>): string {
  const d = m.data ?? {};
  const str = (k: string) => (typeof d[k] === 'string' && d[k] ? (d[k] as string) : undefined);
  switch (m.systemType) {
    case 'conversation-started':
      return 'Conversation started';
    case 'conversation-queued':
      return 'Waiting for an agent';
    case 'user-join':
      return `${str('agentName') ?? 'An agent'} joined the conversation`;
    case 'user-leave':
      return `${str('agentName') ?? 'The agent'} left the conversation`;
    case 'conversation-transferred': {
      // Moved by a timer: where to (its department's queue) and why, in words.
      if (str('reason')) {
        const where = str('toDepartmentName') ? `the ${str('toDepartmentName')} department` : 'the queue';
        return transferReasonText(str('reason')!, where, str('fromAgentName'));
      }
      const to = str('toDepartmentName')
        ? `the ${str('toDepartmentName')} department`
        : (str('toAgentName') ?? 'another agent');
      const from = str('fromAgentName') ? ` by ${str('fromAgentName')}` : '';
      return `Conversation transferred to ${to}${from}${str('comment') ? `: “${str('comment')}”` : ''}`;
    }
    case 'conversation-finished': {
      if (str('closedBy') === 'system' && str('reason')) return closeReasonText(str('reason'));
      const by = str('closedBy');
      const who =
        by === 'visitor'
          ? ' by the visitor'
          : by === 'system'
            ? ' automatically'
            : by === 'agent'
              ? ' by the agent'
              : '';
      return `Conversation closed${who}${str('comment') ? `: “${str('comment')}”` : ''}`;
    }
    case 'on-hold':
      return str('reason')
        ? `Placed on hold automatically: ${reasonText(str('reason')!)}`
        : 'Conversation placed on hold';
    case 'resumed':
      return 'Conversation resumed';
    case 'department-changed':
      return str('toDepartmentName') ? `Department changed to ${str('toDepartmentName')}` : 'Department changed';
    case 'navigation':
      return `Visited ${[str('title'), str('url')].filter(Boolean).join(' — ')}`;
    case 'transcript-requested':
      return 'The visitor asked for a transcript';
    case 'visitor-verified':
      return str('via') === 'signed'
        ? 'The visitor was verified (signed in on the site)'
        : `The visitor verified their email${str('email') ? ` ${str('email')}` : ''}`;
    case 'verification-requested':
      return 'The visitor was asked to verify their email';
    case 'call': {
      const kind = d.kind === 'audio' ? 'Audio call' : 'Video call';
      if (d.outcome === 'declined') return `${kind}: the visitor declined`;
      if (d.outcome === 'missed') return `${kind} missed`;
      if (d.status === 'ended') return `${kind} ended`;
      if (d.status === 'active') return `${kind} in progress`;
      return `${kind} started`;
    }
    default:
      return m.text || 'System message';
  }
}

import type { SystemMessageType } from '@parley/shared';

/**
 * The readable text of a system message. Names of agents appear only when `withNames` (the visitor
 * sees them only when `livechat.showAgentInfo` is on).
 */
export function systemText(type: SystemMessageType, data: Record<string, unknown> | null, withNames: boolean): string {
  const d = data ?? {};
  const name = (key: string, fallback: string) =>
    withNames && typeof d[key] === 'string' ? (d[key] as string) : fallback;
  switch (type) {
    case 'conversation-started':
      return 'Conversation started';
    case 'conversation-queued':
      return 'Waiting for an agent';
    case 'user-join':
      return `${name('agentName', 'An agent')} joined the conversation`;
    case 'user-leave':
      return `${name('agentName', 'The agent')} left the conversation`;
    case 'conversation-transferred': {
      const to =
        typeof d.toDepartmentName === 'string'
          ? `the ${d.toDepartmentName} department`
          : name('toAgentName', 'another agent');
      const comment = typeof d.comment === 'string' && d.comment && withNames ? `: ${d.comment}` : '';
      return `Conversation transferred to ${to}${comment}`;
    }
    case 'conversation-finished':
      return typeof d.message === 'string' && d.message ? d.message : 'Conversation finished';
    case 'on-hold':
      return 'Conversation placed on hold';
    case 'resumed':
      return 'Conversation resumed';
    case 'department-changed':
      return typeof d.toDepartmentName === 'string'
        ? `Department changed to ${d.toDepartmentName}`
        : 'Department changed';
    case 'navigation':
      return `Visited ${typeof d.title === 'string' && d.title ? d.title : ''} ${typeof d.url === 'string' ? d.url : ''}`.trim();
    case 'transcript-requested':
      return 'A transcript was requested';
    case 'visitor-verified':
      return d.via === 'signed'
        ? 'The visitor was verified (signed in on the site)'
        : 'The visitor verified their email';
    case 'verification-requested':
      return 'Please verify your email address';
    case 'call': {
      const kind = d.kind === 'audio' ? 'Audio call' : 'Video call';
      if (d.outcome === 'declined') return `${kind} declined`;
      if (d.outcome === 'missed') return `${kind} missed`;
      if (d.status === 'ended') return `${kind} ended`;
      return `${kind} started`;
    }
  }
}

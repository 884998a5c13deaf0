import type { MessageView } from '@parley/shared';
import { t } from '../../i18n';
import { closeReasonText, reasonText, transferReasonText } from './timerText';

/** A call's line: by its kind (audio, video) and how it went. */
const calls = {
  audio: {
    declined: () => t('Audio call: the visitor declined'),
    missed: () => t('Audio call missed'),
    ended: () => t('Audio call ended'),
    active: () => t('Audio call in progress'),
    started: () => t('Audio call started'),
  },
  video: {
    declined: () => t('Video call: the visitor declined'),
    missed: () => t('Video call missed'),
    ended: () => t('Video call ended'),
    active: () => t('Video call in progress'),
    started: () => t('Video call started'),
  },
};

/** A text and what the person wrote with it: `Conversation closed: “thanks”` (quotes as the language writes them). */
function withComment(text: string, comment: string | undefined): string {
  return comment ? t('{text}: “{comment}”', { text, comment }) : text;
}

/** What a system message says, for staff (agent names included). Its text is built here, never as HTML. */
export function systemText(m: Pick<MessageView, 'systemType' | 'data' | 'text'>): string {
  const d = m.data ?? {};
  const str = (k: string) => (typeof d[k] === 'string' && d[k] ? (d[k] as string) : undefined);
  switch (m.systemType) {
    case 'conversation-started':
      return t('Conversation started');
    case 'conversation-queued':
      return t('Waiting for an agent');
    case 'user-join': {
      const name = str('agentName');
      return name ? t('{name} joined the conversation', { name }) : t('An agent joined the conversation');
    }
    case 'user-leave': {
      const name = str('agentName');
      return name ? t('{name} left the conversation', { name }) : t('The agent left the conversation');
    }
    case 'conversation-transferred': {
      const department = str('toDepartmentName');
      const toDepartment = department ? t('the {name} department', { name: department }) : undefined;
      // Moved by a timer: where to (its department's queue) and why, in words.
      if (str('reason'))
        return transferReasonText(str('reason')!, toDepartment ?? t('the queue'), str('fromAgentName'));
      const to = toDepartment ?? str('toAgentName') ?? t('another agent');
      const from = str('fromAgentName');
      const text = from
        ? t('Conversation transferred to {to} by {from}', { to, from })
        : t('Conversation transferred to {to}', { to });
      return withComment(text, str('comment'));
    }
    case 'conversation-finished': {
      if (str('closedBy') === 'system' && str('reason')) return closeReasonText(str('reason'));
      const by = str('closedBy');
      const text =
        by === 'visitor'
          ? t('Conversation closed by the visitor')
          : by === 'system'
            ? t('Conversation closed automatically')
            : by === 'agent'
              ? t('Conversation closed by the agent')
              : t('Conversation closed');
      return withComment(text, str('comment'));
    }
    case 'on-hold':
      return str('reason')
        ? t('Placed on hold automatically: {reason}', { reason: reasonText(str('reason')!) })
        : t('Conversation placed on hold');
    case 'resumed':
      return t('Conversation resumed');
    case 'department-changed': {
      const name = str('toDepartmentName');
      return name ? t('Department changed to {name}', { name }) : t('Department changed');
    }
    case 'navigation':
      return t('Visited {page}', { page: [str('title'), str('url')].filter(Boolean).join(' — ') });
    case 'transcript-requested':
      return t('The visitor asked for a transcript');
    case 'visitor-verified': {
      if (str('via') === 'signed') return t('The visitor was verified (signed in on the site)');
      const email = str('email');
      return email ? t('The visitor verified their email {email}', { email }) : t('The visitor verified their email');
    }
    case 'verification-requested':
      return t('The visitor was asked to verify their email');
    case 'call': {
      const kind = d.kind === 'audio' ? calls.audio : calls.video;
      if (d.outcome === 'declined') return kind.declined();
      if (d.outcome === 'missed') return kind.missed();
      if (d.status === 'ended') return kind.ended();
      if (d.status === 'active') return kind.active();
      return kind.started();
    }
    default:
      return m.text || t('System message');
  }
}

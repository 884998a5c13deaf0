import type { MessageView } from '@parley/shared';
import { t } from './i18n';

/**
 * The text of a system message in the visitor's language. The server sends the type and its data (agent
 * names only when `livechat.showAgentInfo` is on); hidden types never reach the widget.
 */
export function systemText(m: MessageView): string {
  const d = m.data ?? {};
  const s = (k: string) => (typeof d[k] === 'string' && d[k] ? (d[k] as string) : undefined);
  switch (m.systemType) {
    case 'conversation-started':
      return t('started');
    case 'conversation-queued':
      return t('waiting');
    case 'user-join':
      return t('joined', { name: s('agentName') ?? t('anAgent') });
    case 'user-leave':
      return t('left', { name: s('agentName') ?? t('theAgent') });
    case 'conversation-transferred': {
      const dept = s('toDepartmentName');
      const to = dept ? t('theDepartment', { name: dept }) : (s('toAgentName') ?? t('anotherAgent'));
      return t('transferred', { to });
    }
    case 'conversation-finished':
      return s('message') ?? t('finished');
    case 'on-hold':
      return t('heldMessage');
    case 'resumed':
      return t('resumed');
    case 'department-changed': {
      const dept = s('toDepartmentName');
      return dept ? t('departmentChanged', { name: dept }) : t('departmentChangedPlain');
    }
    case 'transcript-requested':
      return t('transcriptRequested');
    case 'visitor-verified':
      return t('visitorVerified');
    case 'verification-requested':
      return t('verificationRequested');
    case 'call': {
      const kind = t(d.kind === 'audio' ? 'audioCall' : 'videoCall');
      if (d.outcome === 'declined') return t('callDeclined', { kind });
      if (d.outcome === 'missed') return t('callMissed', { kind });
      if (d.status === 'ended') return t('callEnded', { kind });
      if (d.status === 'active') return t('callJoined', { kind });
      return t('callInvite', { kind });
    }
    default:
      return m.text;
  }
}

import type { ConversationStatus } from '@parley/shared';
import { t } from '../../i18n';

const labels: Record<ConversationStatus, string> = {
  queued: 'Waiting',
  open: 'Open',
  'on-hold': 'On hold',
  closed: 'Closed',
};

export function statusLabel(s: ConversationStatus): string {
  return t(labels[s]);
}

export function statusTone(s: ConversationStatus): 'warning' | 'success' | 'accent' | 'neutral' {
  return s === 'queued' ? 'warning' : s === 'open' ? 'success' : s === 'on-hold' ? 'accent' : 'neutral';
}

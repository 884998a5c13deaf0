import type { CallView } from '@parley/shared';
import { t } from '../../i18n';

export const kindLabel: Record<CallView['kind'], string> = { video: 'Video', audio: 'Audio', phone: 'Phone' };
/** The kind as a whole phrase ("Video call"), for lists that name the call. */
export const callKindLabel: Record<CallView['kind'], string> = {
  video: 'Video call',
  audio: 'Audio call',
  phone: 'Phone call',
};
export const outcomeLabel: Record<NonNullable<CallView['outcome']>, string> = {
  completed: 'Completed',
  declined: 'Declined',
  missed: 'Missed',
};

/** "3 min 05 s", or a dash when unknown. */
export function durationText(seconds: number | null): string {
  if (seconds === null) return '—';
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m ? t('{m} min {s} s', { m, s: String(s).padStart(2, '0') }) : t('{s} s', { s });
}

/** The kind in the chosen language ("Video"). */
export function kindText(kind: CallView['kind']): string {
  return t(kindLabel[kind]);
}

/** The direction in the chosen language. */
export function directionText(direction: CallView['direction']): string {
  return direction === 'inbound' ? t('Inbound') : t('Outbound');
}

/** What a call's state is, in words (in the chosen language). */
export function callStateText(c: Pick<CallView, 'status' | 'outcome'>): string {
  if (c.outcome) return t(outcomeLabel[c.outcome]);
  return c.status === 'active' ? t('In progress') : t('Ringing');
}

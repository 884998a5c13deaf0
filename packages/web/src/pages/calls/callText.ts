import type { CallView } from '@parley/shared';
import { t } from '../../i18n';

export const kindLabel: Record<CallView['kind'], string> = { video: 'Video', audio: 'Audio', phone: 'Phone' };
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

/** What a call's state is, in words. */
export function callStateText(c: Pick<CallView, 'status' | 'outcome'>): string {
  if (c.outcome) return outcomeLabel[c.outcome];
  return c.status === 'active' ? 'In progress' : 'Ringing';
}

import type { ConversationTimer, ConversationTimerAction, ConversationTimerKind } from '@parley/shared';
import { t } from '../../i18n';

/**
 * What staff read about the session timers: the ones still to act on a conversation (`timerNotice`) and
 * the reason the system recorded when one acted (`closeReasonText`, `transferReasonText`). The reason
 * codes are the timer kinds of `@parley/shared` (`on-hold-timeout`, `unanswered`, …). Plain text only:
 * callers render it as text, never as HTML.
 */

/** Why the chat ended or moved, after "Closed automatically: " / "… transferred automatically …: ". */
const why: Record<string, (agent: string) => string> = {
  'agent-offline': (agent) => t('{agent} went offline', { agent }),
  abandonment: () => t('the visitor stopped answering'),
  'on-hold-timeout': () => t('it stayed on hold too long'),
  unanswered: (agent) => t('{agent} did not answer in time', { agent }),
  'queue-timeout': () => t('no agent took it in time'),
};

/** `on-hold-timeout` → "it stayed on hold too long"; an unknown code as it is. */
export function reasonText(reason: string, agentName?: string | null): string {
  return why[reason]?.(agentName || t('the agent')) ?? reason;
}

/** A close by the system: "Closed automatically: the visitor stopped answering". */
export function closeReasonText(reason: string | null | undefined): string {
  return reason ? t('Closed automatically: {reason}', { reason: reasonText(reason) }) : t('Closed automatically');
}

/** A transfer by the system: "Transferred automatically to the Sales department: Alice did not answer in time". */
export function transferReasonText(reason: string, to: string | undefined, fromAgentName?: string | null): string {
  const text = reasonText(reason, fromAgentName);
  return to
    ? t('Transferred automatically to {to}: {reason}', { to, reason: text })
    : t('Transferred automatically: {reason}', { reason: text });
}

type Notice = (at: string) => string;
/** Whole sentences (each language orders them its own way), by timer kind and action. */
const notices: Record<ConversationTimerKind, Record<ConversationTimerAction, Notice>> = {
  'on-hold-timeout': {
    close: (at) => t('Closes at {at} if it stays on hold', { at }),
    hold: (at) => t('Goes on hold at {at} if it stays on hold', { at }),
    transfer: (at) => t('Moves to another agent at {at} if it stays on hold', { at }),
  },
  unanswered: {
    close: (at) => t('Closes at {at} if unanswered', { at }),
    hold: (at) => t('Goes on hold at {at} if unanswered', { at }),
    transfer: (at) => t('Moves to another agent at {at} if unanswered', { at }),
  },
  'agent-offline': {
    close: (at) => t('Closes at {at} if the agent stays offline', { at }),
    hold: (at) => t('Goes on hold at {at} if the agent stays offline', { at }),
    transfer: (at) => t('Moves to another agent at {at} if the agent stays offline', { at }),
  },
  abandonment: {
    close: (at) => t("Closes at {at} if the visitor doesn't answer", { at }),
    hold: (at) => t("Goes on hold at {at} if the visitor doesn't answer", { at }),
    transfer: (at) => t("Moves to another agent at {at} if the visitor doesn't answer", { at }),
  },
  'queue-timeout': {
    close: (at) => t('Closes at {at} if no agent takes it', { at }),
    hold: (at) => t('Goes on hold at {at} if no agent takes it', { at }),
    transfer: (at) => t('Moves to another agent at {at} if no agent takes it', { at }),
  },
};

/** A timer still to act: "Closes at 14:05 if it stays on hold". `at` is the due time already formatted. */
export function timerNotice(timer: Pick<ConversationTimer, 'kind' | 'action'>, at: string): string {
  return notices[timer.kind][timer.action](at);
}

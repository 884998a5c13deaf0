import type { ConversationTimer } from '@parley/shared';

/**
 * What staff read about the session timers: the ones still to act on a conversation (`timerNotice`) and
 * the reason the system recorded when one acted (`closeReasonText`, `transferReasonText`). The reason
 * codes are the timer kinds of `@parley/shared` (`on-hold-timeout`, `unanswered`, …). Plain text only:
 * callers render it as text, never as HTML.
 */

/** Why the chat ended or moved, after "Closed automatically: " / "… transferred automatically …: ". */
const why: Record<string, (agent: string) => string> = {
  'agent-offline': (agent) => `${agent} went offline`,
  abandonment: () => 'the visitor stopped answering',
  'on-hold-timeout': () => 'it stayed on hold too long',
  unanswered: (agent) => `${agent} did not answer in time`,
  'queue-timeout': () => 'no agent took it in time',
};

/** `on-hold-timeout` → "it stayed on hold too long"; an unknown code as it is. */
export function reasonText(reason: string, agentName?: string | null): string {
  return why[reason]?.(agentName || 'the agent') ?? reason;
}

/** A close by the system: "Closed automatically: the visitor stopped answering". */
export function closeReasonText(reason: string | null | undefined): string {
  return reason ? `Closed automatically: ${reasonText(reason)}` : 'Closed automatically';
}

/** A transfer by the system: "Transferred automatically to the Sales department: Alice did not answer in time". */
export function transferReasonText(reason: string, to: string | undefined, fromAgentName?: string | null): string {
  return `Transferred automatically${to ? ` to ${to}` : ''}: ${reasonText(reason, fromAgentName)}`;
}

/** A timer still to act: "Closes at 14:05 if it stays on hold". `at` is the due time already formatted. */
export function timerNotice(t: Pick<ConversationTimer, 'kind' | 'action'>, at: string): string {
  const does =
    t.action === 'close'
      ? `Closes at ${at}`
      : t.action === 'hold'
        ? `Goes on hold at ${at}`
        : `Moves to another agent at ${at}`;
  switch (t.kind) {
    case 'on-hold-timeout':
      return `${does} if it stays on hold`;
    case 'unanswered':
      return `${does} if unanswered`;
    case 'agent-offline':
      return `${does} if the agent stays offline`;
    case 'abandonment':
      return `${does} if the visitor doesn't answer`;
    case 'queue-timeout':
      return `${does} if no agent takes it`;
  }
}

import type { ConversationTimer, ConversationView, MessageView } from '@parley/shared';
import { useEffect, useState } from 'react';
import { conversationsApi } from '../../api/omnichannel';
import { formatTime } from '../../components/format';
import type { Realtime } from '../../realtime/realtime';
import { timerNotice } from './timerText';
import { t } from '../../i18n';

/**
 * The session timers still to act on the conversation, read again whenever something that arms, moves or
 * cancels one reaches the page: its status, agent or timestamps change (`conversation.updated`), a message
 * arrives (an agent's reply cancels the unanswered transfer and re-arms abandonment, the visitor's cancels
 * it), or its agent's presence changes (the agent-offline timer).
 */
export function useConversationTimers(
  c: ConversationView | undefined,
  messages: MessageView[],
  realtime: Realtime | undefined,
): ConversationTimer[] {
  const [timers, setTimers] = useState<ConversationTimer[]>([]);
  const [presenceChanges, setPresenceChanges] = useState(0);
  const agentId = c?.agent?.id;
  const active = c !== undefined && c.status !== 'closed';

  // The agent-offline timer follows the serving agent's presence: watch it while there is one.
  useEffect(() => {
    if (!realtime || !agentId || !active) return;
    const release = realtime.subscribe('presence');
    const stop = realtime.onFrame((f) => {
      if (f.type === 'agent.status' && f.userId === agentId) setPresenceChanges((n) => n + 1);
    });
    return () => {
      stop();
      release();
    };
  }, [realtime, agentId, active]);

  let lastWritten = 0;
  for (let i = messages.length - 1; i >= 0 && !lastWritten; i--)
    if (messages[i]!.author.type !== 'system') lastWritten = messages[i]!.seq;
  const key = c
    ? [c.id, c.status, agentId, c.queuedAt, c.assignedAt, c.onHoldAt, lastWritten, presenceChanges].join('|')
    : '';
  useEffect(() => {
    if (!c || !active) return;
    let live = true;
    conversationsApi.timers(c.id).then(
      (r) => live && setTimers(r.items),
      // Not shown rather than wrong: the next change asks again.
      () => live && setTimers([]),
    );
    return () => {
      live = false;
    };
    // `key` says when to ask again (`c` itself is a new object with every update of the conversation).
  }, [key, active]);

  return active ? timers : [];
}

/** "Closes at 14:05 if it stays on hold", one line per pending timer, in the user's locale and time zone. */
export function TimerNotices({ timers }: { timers: ConversationTimer[] }) {
  if (timers.length === 0) return null;
  return (
    <ul className="timer-notices" aria-label={t('Automatic actions')}>
      {timers.map((timer) => (
        <li key={timer.kind}>
          <time dateTime={timer.dueAt}>{timerNotice(timer, formatTime(timer.dueAt))}</time>
        </li>
      ))}
    </ul>
  );
}

import type { MessageView } from '@parley/shared';
import { conversationTimerKinds } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { systemText } from './systemText';
import { timerNotice } from './timerText';

const system = (systemType: MessageView['systemType'], data: Record<string, unknown>) => ({
  systemType,
  data,
  text: 'Conversation finished',
});

describe('what staff read about the session timers', () => {
  it('says in words why the system closed, moved or held a conversation', () => {
    expect(systemText(system('conversation-finished', { closedBy: 'system', reason: 'abandonment' }))).toBe(
      'Closed automatically: the visitor stopped answering',
    );
    expect(systemText(system('conversation-finished', { closedBy: 'system', reason: 'on-hold-timeout' }))).toBe(
      'Closed automatically: it stayed on hold too long',
    );
    expect(systemText(system('conversation-finished', { closedBy: 'system', reason: 'queue-timeout' }))).toBe(
      'Closed automatically: no agent took it in time',
    );
    expect(systemText(system('conversation-finished', { closedBy: 'system', reason: 'agent-offline' }))).toBe(
      'Closed automatically: the agent went offline',
    );
    expect(
      systemText(
        system('conversation-transferred', {
          reason: 'unanswered',
          fromAgentName: 'Alice',
          toDepartmentName: 'Sales',
        }),
      ),
    ).toBe('Transferred automatically to the Sales department: Alice did not answer in time');
    expect(systemText(system('conversation-transferred', { reason: 'agent-offline', fromAgentName: 'Bob' }))).toBe(
      'Transferred automatically to the queue: Bob went offline',
    );
    expect(systemText(system('on-hold', { reason: 'abandonment' }))).toBe(
      'Placed on hold automatically: the visitor stopped answering',
    );
    // Closes and transfers by people read as before.
    expect(systemText(system('conversation-finished', { closedBy: 'agent', comment: 'done' }))).toBe(
      'Conversation closed by the agent: “done”',
    );
    expect(systemText(system('conversation-transferred', { toAgentName: 'Carol', fromAgentName: 'Alice' }))).toBe(
      'Conversation transferred to Carol by Alice',
    );
  });

  it('says when each kind of timer acts and what it does', () => {
    expect(timerNotice({ kind: 'on-hold-timeout', action: 'close' }, '14:05')).toBe(
      'Closes at 14:05 if it stays on hold',
    );
    expect(timerNotice({ kind: 'unanswered', action: 'transfer' }, '14:05')).toBe(
      'Moves to another agent at 14:05 if unanswered',
    );
    expect(timerNotice({ kind: 'abandonment', action: 'close' }, '14:05')).toBe(
      "Closes at 14:05 if the visitor doesn't answer",
    );
    expect(timerNotice({ kind: 'abandonment', action: 'hold' }, '14:05')).toBe(
      "Goes on hold at 14:05 if the visitor doesn't answer",
    );
    expect(timerNotice({ kind: 'agent-offline', action: 'transfer' }, '14:05')).toBe(
      'Moves to another agent at 14:05 if the agent stays offline',
    );
    expect(timerNotice({ kind: 'queue-timeout', action: 'close' }, '14:05')).toBe(
      'Closes at 14:05 if no agent takes it',
    );
    for (const kind of conversationTimerKinds)
      expect(timerNotice({ kind, action: 'close' }, 'x')).toMatch(/^Closes at x if /);
  });
});

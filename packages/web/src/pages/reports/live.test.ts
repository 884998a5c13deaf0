import { describe, expect, it } from 'vitest';
import { applyFrame, byDepartment, fromSnapshot, loads } from './live';

const snapshot = {
  at: '2026-01-06T10:00:00.000Z',
  tz: 'UTC',
  todayStart: '2026-01-06T00:00:00.000Z',
  startedToday: 3,
  closedToday: 1,
  conversations: [
    {
      id: 'c1',
      status: 'open' as const,
      departmentId: 'd1',
      agentId: 'a1',
      channel: 'widget',
      createdAt: '2026-01-06T09:00:00.000Z',
      queuedAt: '2026-01-06T09:00:00.000Z',
    },
  ],
  agents: [
    {
      userId: 'a1',
      name: 'Ann',
      presence: 'online' as const,
      availability: 'available' as const,
      maxChats: 3,
      departmentIds: ['d1'],
    },
  ],
  departments: [{ id: 'd1', name: 'Sales' }],
};

describe('live monitoring state', () => {
  it('applies each change once and keeps the counts', () => {
    let s = fromSnapshot(snapshot);
    const started = {
      type: 'monitoring.conversation' as const,
      conversation: {
        ...snapshot.conversations[0]!,
        id: 'c2',
        status: 'queued' as const,
        agentId: null,
        createdAt: '2026-01-06T10:00:00.000Z',
        queuedAt: '2026-01-06T10:00:00.000Z',
      },
      previousStatus: null,
      closedAt: null,
    };
    s = applyFrame(s, started);
    s = applyFrame(s, started);
    expect(s.startedToday).toBe(4);
    expect(byDepartment(s)).toEqual([
      { id: 'd1', name: 'Sales', queued: 1, longestQueuedAt: '2026-01-06T10:00:00.000Z', open: 1, onHold: 0 },
    ]);
    const closed = {
      type: 'monitoring.conversation' as const,
      conversation: { ...snapshot.conversations[0]!, status: 'closed' as const },
      previousStatus: 'open' as const,
      closedAt: '2026-01-06T10:05:00.000Z',
    };
    s = applyFrame(s, closed);
    s = applyFrame(s, closed);
    expect(s.closedToday).toBe(2);
    expect(loads(s).get('a1')).toBeUndefined();
    s = applyFrame(s, { type: 'monitoring.agent', userId: 'a1', presence: 'away' });
    expect(s.agents.get('a1')).toMatchObject({ presence: 'away', availability: 'available', maxChats: 3 });
  });
});

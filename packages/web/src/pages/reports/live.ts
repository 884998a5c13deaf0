import type { LiveAgent, LiveConversation, LiveSnapshot, ServerFrame } from '@parley/shared';
import { t } from '../../i18n';

/**
 * Live monitoring's state: the snapshot, then each `monitoring.*` frame applied in O(1) — a conversation
 * frame replaces (or removes) one entry and moves today's counts, an agent frame changes one agent.
 * Applying a frame twice, or one the snapshot already had, changes nothing.
 */
export interface LiveState {
  todayStart: number;
  startedToday: number;
  closedToday: number;
  conversations: Map<string, LiveConversation>;
  agents: Map<string, LiveAgent>;
  departments: Array<{ id: string; name: string }>;
}

export function fromSnapshot(s: LiveSnapshot): LiveState {
  return {
    todayStart: new Date(s.todayStart).getTime(),
    startedToday: s.startedToday,
    closedToday: s.closedToday,
    conversations: new Map(s.conversations.map((c) => [c.id, c])),
    agents: new Map(s.agents.map((a) => [a.userId, a])),
    departments: s.departments,
  };
}

type MonitoringFrame = Extract<ServerFrame, { type: 'monitoring.conversation' | 'monitoring.agent' }>;

export function applyFrame(state: LiveState, f: MonitoringFrame): LiveState {
  if (f.type === 'monitoring.agent') {
    const a = state.agents.get(f.userId);
    if (!a) return state;
    const agents = new Map(state.agents);
    agents.set(f.userId, {
      ...a,
      ...(f.presence ? { presence: f.presence } : {}),
      ...(f.availability ? { availability: f.availability } : {}),
      ...(f.maxChats !== undefined ? { maxChats: f.maxChats } : {}),
    });
    return { ...state, agents };
  }
  const c = f.conversation;
  const had = state.conversations.get(c.id);
  const conversations = new Map(state.conversations);
  let { startedToday, closedToday } = state;
  if (f.previousStatus === null && !had && new Date(c.createdAt).getTime() >= state.todayStart) startedToday++;
  if (c.status === 'closed') {
    if (had && f.closedAt && new Date(f.closedAt).getTime() >= state.todayStart) closedToday++;
    conversations.delete(c.id);
  } else conversations.set(c.id, c);
  return { ...state, conversations, startedToday, closedToday };
}

export interface DepartmentFigures {
  id: string | null;
  name: string;
  queued: number;
  longestQueuedAt: string | null;
  open: number;
  onHold: number;
}

/** Per department (and "No department"), from the active conversations. */
export function byDepartment(state: LiveState): DepartmentFigures[] {
  const rows = new Map<string | null, DepartmentFigures>();
  const row = (id: string | null) => {
    let r = rows.get(id);
    if (!r) {
      const name = id
        ? (state.departments.find((d) => d.id === id)?.name ?? t('Other department'))
        : t('No department');
      r = { id, name, queued: 0, longestQueuedAt: null, open: 0, onHold: 0 };
      rows.set(id, r);
    }
    return r;
  };
  for (const d of state.departments) row(d.id);
  for (const c of state.conversations.values()) {
    const r = row(c.departmentId);
    if (c.status === 'queued') {
      r.queued++;
      const since = c.queuedAt ?? c.createdAt;
      if (!r.longestQueuedAt || since < r.longestQueuedAt) r.longestQueuedAt = since;
    } else if (c.status === 'open') r.open++;
    else if (c.status === 'on-hold') r.onHold++;
  }
  return [...rows.values()];
}

/** Each agent's load: their open and on-hold conversations. */
export function loads(state: LiveState): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of state.conversations.values())
    if (c.agentId && c.status !== 'queued') m.set(c.agentId, (m.get(c.agentId) ?? 0) + 1);
  return m;
}

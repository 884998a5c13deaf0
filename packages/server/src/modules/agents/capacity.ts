import type { DepartmentView } from '@parley/shared';

export interface AgentCapacityInput {
  /** The agent's own override (null: not set). */
  agentMax: number | null;
  department: DepartmentView | undefined;
  globalMax: number;
  isBot: boolean;
}

/** Behaviour §1: agent override > department override > global; 0 = unlimited; bots have no limit. */
export function capacityOf(i: AgentCapacityInput): number {
  if (i.isBot) return 0;
  return i.agentMax ?? i.department?.maxChatsPerAgent ?? i.globalMax;
}

export function hasRoom(capacity: number, openChats: number): boolean {
  return capacity === 0 || openChats < capacity;
}

import type { Candidate } from '../agents/index.js';

export type { Candidate };

export type Method = 'auto' | 'load-balancing' | 'load-rotation';

const byRecency = (a: Candidate, b: Candidate) => (a.lastAssignedAt ?? -1) - (b.lastAssignedAt ?? -1);
const byTies = (a: Candidate, b: Candidate) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Behaviour §2:
 * - auto: round robin, the eligible agent assigned least recently;
 * - load-balancing: the lowest load, ties to the least recently assigned;
 * - load-rotation: the least recently assigned, ties to the lowest load.
 * Load is always the agent's open conversations now, never a lifetime counter.
 */
export function pickAgent(method: Method, candidates: Candidate[]): Candidate | undefined {
  const sorted = [...candidates].sort((a, b) => {
    if (method === 'load-balancing') return a.load - b.load || byRecency(a, b) || byTies(a, b);
    if (method === 'load-rotation') return byRecency(a, b) || a.load - b.load || byTies(a, b);
    return byRecency(a, b) || byTies(a, b);
  });
  return sorted[0];
}

export function hasRoom(c: Candidate): boolean {
  return c.isBot || c.capacity === 0 || c.load < c.capacity;
}

import { describe, expect, it } from 'vitest';
import { hasRoom, pickAgent, type Candidate } from './pick.js';

const c = (id: string, load: number, lastAssignedAt: number | null, position = 0, capacity = 0): Candidate => ({
  id,
  isBot: false,
  load,
  capacity,
  lastAssignedAt,
  position,
});

describe('routing methods', () => {
  const agents = [c('a', 2, 300), c('b', 0, 200), c('c', 1, null), c('d', 0, 100)];

  it('auto is round robin: the agent assigned least recently (never assigned first)', () => {
    expect(pickAgent('auto', agents)!.id).toBe('c');
    expect(
      pickAgent(
        'auto',
        agents.filter((x) => x.id !== 'c'),
      )!.id,
    ).toBe('d');
  });

  it('load-balancing takes the lowest load, ties to the least recently assigned', () => {
    expect(pickAgent('load-balancing', agents)!.id).toBe('d');
  });

  it('load-rotation takes the least recently assigned, ties to the lowest load', () => {
    const tied = [c('x', 3, 100), c('y', 1, 100), c('z', 0, 200)];
    expect(pickAgent('load-rotation', tied)!.id).toBe('y');
  });

  it('breaks full ties by department position, then id', () => {
    expect(pickAgent('auto', [c('b', 0, null, 2), c('a', 0, null, 1)])!.id).toBe('a');
    expect(pickAgent('auto', [c('b', 0, null), c('a', 0, null)])!.id).toBe('a');
    expect(pickAgent('auto', [])).toBeUndefined();
  });

  it('counts room against capacity (0 = unlimited; bots exempt)', () => {
    expect(hasRoom(c('a', 2, null, 0, 2))).toBe(false);
    expect(hasRoom(c('a', 1, null, 0, 2))).toBe(true);
    expect(hasRoom(c('a', 99, null, 0, 0))).toBe(true);
    expect(hasRoom({ ...c('bot', 99, null, 0, 1), isBot: true })).toBe(true);
  });
});

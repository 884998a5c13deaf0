import { describe, expect, it } from 'vitest';
import { priorityBody, priorityDraft, slaBody, slaDraft, wholeNumber } from './drafts';

describe('catalog row drafts', () => {
  it('numbers are whole numbers as typed; anything else is NaN, which JSON sends as null for the server to name', () => {
    expect(wholeNumber(' 12 ')).toBe(12);
    expect(wholeNumber('-3')).toBe(-3);
    expect(wholeNumber('')).toBeNaN();
    expect(wholeNumber('1.5')).toBeNaN();
    expect(wholeNumber('1e3')).toBeNaN();
    expect(JSON.stringify(priorityBody({ name: 'x', weight: '' }))).toBe('{"name":"x","weight":null}');
  });

  it('names are trimmed; an SLA description is sent as typed', () => {
    expect(priorityBody({ name: '  Urgent ', weight: '1' })).toEqual({ name: 'Urgent', weight: 1 });
    expect(slaBody({ name: ' Gold ', description: ' 24/7 ', dueMinutes: '30' })).toEqual({
      name: 'Gold',
      description: ' 24/7 ',
      dueMinutes: 30,
    });
  });

  it('a row being edited starts from the stored values, and saving it unchanged sends them back', () => {
    const p = { id: 'p1', name: 'Urgent', weight: 1 };
    expect(priorityBody(priorityDraft(p))).toEqual({ name: 'Urgent', weight: 1 });
    const s = { id: 's1', name: 'Gold', description: 'Fast', dueMinutes: 30 };
    expect(slaDraft(s)).toEqual({ name: 'Gold', description: 'Fast', dueMinutes: '30' });
    expect(slaBody(slaDraft(s))).toEqual({ name: 'Gold', description: 'Fast', dueMinutes: 30 });
  });
});

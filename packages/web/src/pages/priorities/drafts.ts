import type { PriorityInput, PriorityView, SlaInput, SlaView } from '@parley/shared';

/** A catalog row's form as typed: numbers stay text until sent. */
export interface PriorityDraft {
  name: string;
  weight: string;
}
export interface SlaDraft {
  name: string;
  description: string;
  dueMinutes: string;
}

export const emptyPriority: PriorityDraft = { name: '', weight: '' };
export const emptySla: SlaDraft = { name: '', description: '', dueMinutes: '' };

/** A whole number as typed, or NaN (sent as null, so the server names the field that is wrong). */
export function wholeNumber(text: string): number {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

export const priorityDraft = (p: PriorityView): PriorityDraft => ({ name: p.name, weight: String(p.weight) });
export const slaDraft = (s: SlaView): SlaDraft => ({
  name: s.name,
  description: s.description,
  dueMinutes: String(s.dueMinutes),
});

/** The request body of a priority draft. */
export function priorityBody(d: PriorityDraft): PriorityInput {
  return { name: d.name.trim(), weight: wholeNumber(d.weight) };
}

/** The request body of an SLA draft (the description is sent as typed). */
export function slaBody(d: SlaDraft): SlaInput {
  return { name: d.name.trim(), description: d.description, dueMinutes: wholeNumber(d.dueMinutes) };
}

import type { CannedResponseInput, CannedResponseView, CannedScope } from '@parley/shared';

/** The form's state: what the person typed, before the server's checks. */
export interface CannedDraft {
  scope: CannedScope;
  departmentId: string;
  /** Kept when editing someone else's personal response (a manager); empty = the one who saves it. */
  ownerId: string;
  shortcut: string;
  text: string;
  tags: string[];
}

export const emptyCanned: CannedDraft = {
  scope: 'personal',
  departmentId: '',
  ownerId: '',
  shortcut: '',
  text: '',
  tags: [],
};

export const cannedDraft = (r: CannedResponseView): CannedDraft => ({
  scope: r.scope,
  departmentId: r.departmentId ?? '',
  ownerId: r.ownerId ?? '',
  shortcut: r.shortcut,
  text: r.text,
  tags: r.tags,
});

/** The request body: the owner columns of the chosen scope only. */
export function cannedBody(d: CannedDraft): CannedResponseInput {
  return {
    scope: d.scope,
    ...(d.scope === 'department' && d.departmentId ? { departmentId: d.departmentId } : {}),
    ...(d.scope === 'personal' && d.ownerId ? { ownerId: d.ownerId } : {}),
    shortcut: d.shortcut,
    text: d.text,
    tags: d.tags,
  };
}

export const scopeLabels: Record<CannedScope, string> = {
  global: 'Everyone',
  department: 'Department',
  personal: 'Personal',
};

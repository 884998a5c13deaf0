import type { CannedRender, CannedResponseView } from '@parley/shared';

/** What the placeholders of a canned response are filled from: the conversation it is inserted in. */
export interface RenderContext {
  conversationId: string;
  visitorName: string;
  visitorEmail: string | null;
  agentName: string;
  departmentName: string | null;
}

/**
 * Fills `{{visitor.name}}`, `{{visitor.email}}`, `{{agent.name}}`, `{{department.name}}` and
 * `{{conversation.id}}` (spaces inside the braces allowed). A known placeholder without a value (no email,
 * no department) becomes empty; an unknown one is left as written, so a typo shows instead of vanishing.
 * One pass over the text: a value that itself looks like a placeholder is not filled again.
 */
export function renderCanned(r: CannedResponseView, c: RenderContext): CannedRender {
  const values: Record<string, string> = {
    'visitor.name': c.visitorName,
    'visitor.email': c.visitorEmail ?? '',
    'agent.name': c.agentName,
    'department.name': c.departmentName ?? '',
    'conversation.id': c.conversationId,
  };
  const text = r.text.replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi, (whole, key: string) => values[key] ?? whole);
  return { id: r.id, shortcut: r.shortcut, text };
}

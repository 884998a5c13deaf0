import type { ConversationView, MessageView, VisitorDetails } from '@parley/shared';
import { useEffect, useState } from 'react';
import { visitorsApi } from '../../api/omnichannel';

export interface VisitorDetailsState {
  /** The last details read (kept on screen while they are read again). */
  details: VisitorDetails | undefined;
  error: unknown;
}

/**
 * The conversation's visitor with their contact and navigation (`GET /api/v1/visitors/:id`), read again
 * when the conversation says the visitor changed (name, email…), when a page visit arrives in the
 * conversation as a `navigation` message (`livechat.navigation.asMessage`), and when the visitor writes
 * something that may hold an email or a phone: lead capture adds those to the contact in the message's
 * own transaction, so they are there by the time the message is.
 */
export function useVisitorDetails(c: ConversationView | undefined, messages: MessageView[]): VisitorDetailsState {
  const [state, setState] = useState<VisitorDetailsState>({ details: undefined, error: undefined });
  const visitorId = c?.visitor.id;
  const visitorKey = c ? JSON.stringify(c.visitor) : '';
  const visits = messages.reduce((n, m) => (m.systemType === 'navigation' ? n + 1 : n), 0);
  const leads = messages.reduce((n, m) => (mayHoldLead(m) ? n + 1 : n), 0);
  // The visitor passed verification (the system message arrives live): the Verified badge follows.
  const verified = messages.reduce((n, m) => (m.systemType === 'visitor-verified' ? n + 1 : n), 0);
  useEffect(() => {
    if (!visitorId) return;
    let live = true;
    visitorsApi.get(visitorId).then(
      (details) => live && setState({ details, error: undefined }),
      (error: unknown) => live && setState((s) => ({ ...s, error })),
    );
    return () => {
      live = false;
    };
  }, [visitorId, visitorKey, visits, leads, verified]);
  return state;
}

/** A visitor's text with an @ or a digit: what the default (and any sensible) lead regex needs. */
function mayHoldLead(m: MessageView): boolean {
  return m.author.type === 'visitor' && m.kind === 'text' && /[@\d]/.test(m.text);
}

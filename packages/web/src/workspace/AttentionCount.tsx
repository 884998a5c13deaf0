import { createStore, useStore } from '../lib/store';
import { attention } from './lists';
import { useOmni } from './omniContext';
import type { WorkspaceState } from './workspace';
import '../pages/offline-messages/nav-count.css';
import { t } from '../i18n';

const nothing = createStore<WorkspaceState>({
  loaded: false,
  error: undefined,
  mine: [],
  queue: [],
  unread: {},
  status: undefined,
  statusError: undefined,
  unanswered: [],
});

/** How much waits for me (unread messages in my chats, chats in the queue), live on every page. */
function useAttention(): number {
  const omni = useOmni();
  const state = useStore(omni?.workspace.state ?? nothing);
  return omni ? attention(state, omni.workspace.agent) : 0;
}

/** The navigation's badge after "Conversations". */
export function ConversationsCount() {
  const count = useAttention();
  if (count === 0) return null;
  return (
    <span className="nav-count" data-testid="conversations-count">
      {count}
      <span className="visually-hidden"> {t('waiting')}</span>
    </span>
  );
}

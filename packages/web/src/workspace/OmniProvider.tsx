import type { UserView, WorkspaceSettings } from '@parley/shared';
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { createStore, useStore } from '../lib/store';
import { watchIdle } from '../realtime/idle';
import { Realtime, realtimeUrl } from '../realtime/realtime';
import { watchTitle } from './title';
import { Workspace } from './workspace';

import { OmniContext, useOmni, type Omni } from './omniContext';

export { useOmni };

/** Staff who work with conversations get the realtime connection (bots use the API directly). */
export function usesRealtime(user: Pick<UserView, 'roles'>): boolean {
  return user.roles.some((r) => r !== 'bot');
}

/**
 * Opens the app's one realtime connection for the signed-in user and starts the workspace state (lists,
 * alerts, the count in the tab title, idle detection) for every page of the app. Closed at sign-out.
 */
export function OmniProvider({ user, children }: { user: UserView; children: ReactNode }) {
  const [omni, setOmni] = useState<Omni>();
  useEffect(() => {
    // Refused session: asking who we are lets the API client notice and show the sign-in page.
    const realtime = new Realtime(realtimeUrl(), () => void api.get('/api/v1/auth/me').catch(() => undefined));
    const workspace = new Workspace(realtime, user);
    workspace.start();
    // The tab title counts what waits for me, on every page.
    const title = watchTitle();
    const countInTitle = () => title.set(Workspace.attention(workspace.state.get(), workspace.agent));
    const stopTitle = workspace.state.subscribe(countInTitle);
    countInTitle();
    const stopIdle = watchIdle((idle) => realtime.setIdle(idle));
    setOmni({ realtime, workspace });
    return () => {
      stopIdle();
      stopTitle();
      title.stop();
      workspace.stop();
      realtime.close();
    };
    // One connection per signed-in user and roles, not per change of their name.
  }, [user.id, user.roles.join()]);
  return <OmniContext.Provider value={omni}>{children}</OmniContext.Provider>;
}

const noSettings = createStore<WorkspaceSettings | undefined>(undefined);

/** The settings the workspace follows, live; undefined until read (or for users without a workspace). */
export function useWorkspaceSettings(): WorkspaceSettings | undefined {
  return useStore(useOmni()?.workspace.settings ?? noSettings);
}

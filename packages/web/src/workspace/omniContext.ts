import { createContext, useContext } from 'react';
import type { Realtime } from '../realtime/realtime';
import type { Workspace } from './workspace';

/** The app's realtime connection and workspace state (OmniProvider.tsx provides them). */
export interface Omni {
  realtime: Realtime;
  workspace: Workspace;
}

// Kept apart from the provider (and type-only): the route table's nav counts read it without a browser.
export const OmniContext = createContext<Omni | undefined>(undefined);

/** The realtime connection and workspace state; undefined until started (or for users without them). */
export function useOmni(): Omni | undefined {
  return useContext(OmniContext);
}

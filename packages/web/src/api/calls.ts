import type { CallDetails, CallListQuery, CallPage, CallView } from '@parley/shared';
import { api } from './client';

const enc = encodeURIComponent;

/** Calls (issue 17): call links in conversations, wrap-up notes, the Calls tab. */
export const callsApi = {
  list: (q: CallListQuery) => api.get<CallPage>('/api/v1/calls', { ...q }),
  get: (id: string) => api.get<CallDetails>(`/api/v1/calls/${enc(id)}`),
  start: (conversationId: string, kind: 'video' | 'audio') =>
    api.post<CallView>('/api/v1/calls', { conversationId, kind }),
  join: (id: string) => api.post<{ url: string }>(`/api/v1/calls/${enc(id)}/join`),
  end: (id: string) => api.post<CallView>(`/api/v1/calls/${enc(id)}/end`),
  wrapUp: (id: string, notes: string) => api.put<CallView>(`/api/v1/calls/${enc(id)}/wrap-up`, { notes }),
};

/** Opens a call's join link in a new window: opened at the click (popup blockers allow it), then pointed at the room. */
export async function openCall(id: string): Promise<void> {
  const win = window.open('', '_blank');
  try {
    const { url } = await callsApi.join(id);
    if (win) {
      win.opener = null;
      win.location.href = url;
    } else window.location.assign(url);
  } catch (err) {
    win?.close();
    throw err;
  }
}

import type { OfflineInboxDetail, OfflineInboxItem, OfflineInboxListQuery, OfflineInboxSummary } from '@parley/shared';
import { api } from './client';

const enc = encodeURIComponent;
const base = '/api/v1/offline-inbox';

/** `/api/v1/offline-inbox`: offline messages agents claim, answer by email and mark done. */
export const offlineInboxApi = {
  summary: () => api.get<OfflineInboxSummary>(`${base}/summary`),
  list: (q: OfflineInboxListQuery) => api.get<{ name: string; items: OfflineInboxItem[] }>(base, { ...q }),
  get: (id: string) => api.get<OfflineInboxDetail>(`${base}/${enc(id)}`),
  claim: (id: string) => api.post<OfflineInboxDetail>(`${base}/${enc(id)}/claim`),
  release: (id: string) => api.post<OfflineInboxDetail>(`${base}/${enc(id)}/release`),
  done: (id: string) => api.post<OfflineInboxDetail>(`${base}/${enc(id)}/done`),
  reopen: (id: string) => api.post<OfflineInboxDetail>(`${base}/${enc(id)}/reopen`),
  assign: (id: string, userId: string) => api.post<OfflineInboxDetail>(`${base}/${enc(id)}/assign`, { userId }),
  reply: (id: string, text: string) => api.post<OfflineInboxDetail>(`${base}/${enc(id)}/replies`, { text }),
};

import type { CannedListQuery, CannedRender, CannedResponseInput, CannedResponseView, Page } from '@parley/shared';
import { api } from './client';

const enc = encodeURIComponent;

/** `/api/v1/canned-responses`: the management page's CRUD and the composer's picker. */
export const cannedApi = {
  list: (query: CannedListQuery = {}) => api.get<Page<CannedResponseView>>('/api/v1/canned-responses', { ...query }),
  create: (body: CannedResponseInput) => api.post<CannedResponseView>('/api/v1/canned-responses', body),
  update: (id: string, body: CannedResponseInput) =>
    api.put<CannedResponseView>(`/api/v1/canned-responses/${enc(id)}`, body),
  remove: (id: string) => api.delete(`/api/v1/canned-responses/${enc(id)}`),
  /** The text with its placeholders filled for this conversation (by the server, which knows the facts). */
  render: (id: string, conversationId: string) =>
    api.get<CannedRender>(`/api/v1/canned-responses/${enc(id)}/render`, { conversationId }),
};

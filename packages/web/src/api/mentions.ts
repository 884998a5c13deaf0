import type { Mentionable, MentionList, MentionListQuery, MentionView, NoteSent } from '@parley/shared';
import { api } from './client';

const enc = encodeURIComponent;

/** Internal notes (staff only, never the visitor) and the mentions they make. */
export const notesApi = {
  /** A retry with the same `clientId` answers with the note stored the first time. */
  send: (conversationId: string, text: string, clientId: string) =>
    api.post<NoteSent>(`/api/v1/conversations/${enc(conversationId)}/notes`, { text, clientId }),
  /** Colleagues who may read the conversation: the `@` picker. */
  mentionable: (conversationId: string) =>
    api.get<Mentionable>(`/api/v1/conversations/${enc(conversationId)}/mentionable`),
};

export const mentionsApi = {
  list: (query: MentionListQuery = {}) => api.get<MentionList>('/api/v1/mentions', { ...query }),
  read: (id: string) => api.post<MentionView>(`/api/v1/mentions/${enc(id)}/read`),
  readAll: (conversationId?: string) =>
    api.post<{ marked: number }>('/api/v1/mentions/read', conversationId ? { conversationId } : {}),
};

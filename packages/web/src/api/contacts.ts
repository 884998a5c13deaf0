import type {
  ContactChannel,
  ContactDetails,
  ContactListQuery,
  ContactMergePreview,
  ContactPage,
  ContactPatch,
  ConversationView,
  NewContact,
} from '@parley/shared';
import { api } from './client';

const enc = encodeURIComponent;

/** The Contact Center (issue 16): contacts, a contact's page, New Contact and edit, blocking a channel. */
export const contactsApi = {
  list: (q: ContactListQuery) => api.get<ContactPage>('/api/v1/contacts', { ...q }),
  get: (id: string) => api.get<ContactDetails>(`/api/v1/contacts/${enc(id)}`),
  history: (id: string) => api.get<{ items: ConversationView[] }>(`/api/v1/contacts/${enc(id)}/history`),
  create: (body: NewContact) => api.post<ContactDetails>('/api/v1/contacts', body),
  update: (id: string, body: ContactPatch) => api.patch<ContactDetails>(`/api/v1/contacts/${enc(id)}`, body),
  block: (id: string, channelId: string) =>
    api.post<ContactChannel>(`/api/v1/contacts/${enc(id)}/channels/${enc(channelId)}/block`),
  unblock: (id: string, channelId: string) =>
    api.post<ContactChannel>(`/api/v1/contacts/${enc(id)}/channels/${enc(channelId)}/unblock`),
  /** Merge (issue 16 item 9): what merging `otherId` into `id` would do, then the merge with its choices. */
  mergePreview: (id: string, otherId: string) =>
    api.get<ContactMergePreview>(`/api/v1/contacts/${enc(id)}/merge-preview`, { otherId }),
  merge: (id: string, otherId: string, choices: Record<string, 'survivor' | 'other'>) =>
    api.post<ContactDetails>(`/api/v1/contacts/${enc(id)}/merge`, { otherId, choices }),
  resolveConflict: (id: string, field: string, value: string) =>
    api.post<ContactDetails>(`/api/v1/contacts/${enc(id)}/conflicts/resolve`, { field, value }),
  /** GDPR (issue 16 item 11): the export is a download (a link), the erasure needs the typed ERASE. */
  exportUrl: (id: string) => `/api/v1/contacts/${enc(id)}/export`,
  erase: (id: string) =>
    api.post<{ id: string; erasedAt: string; conversations: number; files: number }>(
      `/api/v1/contacts/${enc(id)}/erase`,
      { confirm: 'ERASE' },
    ),
};

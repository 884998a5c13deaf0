import type {
  ContactChannel,
  ContactDetails,
  ContactListQuery,
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
};

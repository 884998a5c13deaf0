import type {
  ApiChannelSecrets,
  ChannelCreateInput,
  ChannelSummary,
  ChannelUpdateInput,
  ChannelView,
} from '@parley/shared';
import { api } from './client';

const enc = encodeURIComponent;
const base = '/api/v1/channels';

/** `/api/v1/channels/*`: every staff user reads id, type and name; admins manage them. */
export const channelsApi = {
  /** Admins get full views; other staff the summaries (id, type, name). */
  list: () => api.get<{ items: Array<ChannelView | ChannelSummary> }>(base),
  get: (id: string) => api.get<ChannelView>(`${base}/${enc(id)}`),
  create: (body: ChannelCreateInput) => api.post<ApiChannelSecrets>(base, body),
  update: (id: string, body: ChannelUpdateInput) => api.patch<ChannelView>(`${base}/${enc(id)}`, body),
  remove: (id: string) => api.delete(`${base}/${enc(id)}`),
  rotate: (id: string, what: { token?: boolean; secret?: boolean }) =>
    api.post<ApiChannelSecrets>(`${base}/${enc(id)}/rotate`, what),
};

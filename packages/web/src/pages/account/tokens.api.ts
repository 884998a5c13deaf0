import { api } from '../../api/client';
import type { AccessToken } from '../../api/types';

export const tokensApi = {
  list: () => api.get<{ items: AccessToken[] }>('/api/v1/auth/tokens'),
  create: (name: string, expiresInDays?: number) =>
    api.post<{ token: string; accessToken: AccessToken }>('/api/v1/auth/tokens', {
      name,
      ...(expiresInDays ? { expiresInDays } : {}),
    }),
  revoke: (id: string) => api.delete(`/api/v1/auth/tokens/${encodeURIComponent(id)}`),
};

import type { AccessTokenView, NewAccessToken } from '@parley/shared';
import { api } from '../../api/client';

export const tokensApi = {
  list: () => api.get<{ items: AccessTokenView[] }>('/api/v1/auth/tokens'),
  create: (name: string, expiresInDays?: number) =>
    api.post<{ token: string; accessToken: AccessTokenView }>('/api/v1/auth/tokens', {
      name,
      ...(expiresInDays ? { expiresInDays } : {}),
    } satisfies NewAccessToken),
  revoke: (id: string) => api.delete(`/api/v1/auth/tokens/${encodeURIComponent(id)}`),
};

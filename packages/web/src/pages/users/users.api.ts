import type {
  InvitationResult,
  NewInvitation,
  NewUser,
  Page,
  UserListQuery,
  UserPatch,
  UserView,
} from '@parley/shared';
import { api } from '../../api/client';

export const usersApi = {
  list: (q: UserListQuery) => api.get<Page<UserView>>('/api/v1/users', { ...q }),
  get: (id: string) => api.get<UserView>(`/api/v1/users/${encodeURIComponent(id)}`),
  create: (body: NewUser) => api.post<UserView>('/api/v1/users', body),
  invite: (body: NewInvitation) => api.post<InvitationResult>('/api/v1/invitations', body),
  resendInvitation: (id: string) => api.post<InvitationResult>(`/api/v1/users/${encodeURIComponent(id)}/invitation`),
  update: (id: string, patch: UserPatch) => api.patch<UserView>(`/api/v1/users/${encodeURIComponent(id)}`, patch),
};

import type { Page, StaffRole, UserView } from '@parley/shared';
import { api } from '../../api/client';

export interface UserQuery {
  limit: number;
  offset: number;
  search?: string;
  role?: string;
  active?: 'true' | 'false';
}

export interface NewUser {
  name: string;
  email: string;
  username?: string;
  password?: string;
  roles: StaffRole[];
}

export type UserPatch = Partial<NewUser & { active: boolean }>;

export const usersApi = {
  list: (q: UserQuery) => api.get<Page<UserView>>('/api/v1/users', { ...q }),
  get: (id: string) => api.get<UserView>(`/api/v1/users/${encodeURIComponent(id)}`),
  create: (body: NewUser) => api.post<UserView>('/api/v1/users', body),
  update: (id: string, patch: UserPatch) => api.patch<UserView>(`/api/v1/users/${encodeURIComponent(id)}`, patch),
};

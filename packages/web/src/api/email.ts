import type { EmailStatus } from '@parley/shared';
import { api } from './client';

/** `/api/v1/email/*` (admins): outgoing email's status, a test mail, and retrying a failing one. */
export const emailApi = {
  status: () => api.get<EmailStatus>('/api/v1/email/status'),
  test: (to: string) => api.post<{ sent: true }>('/api/v1/email/test', { to }),
  retry: (id: number) => api.post<{ retried: true }>(`/api/v1/email/jobs/${id}/retry`),
};

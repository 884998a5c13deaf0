import type { VerificationStatus } from '@parley/shared';
import { api } from './client';

const enc = encodeURIComponent;

/** Identity verification (issue 16 item 7): ask a conversation's visitor for the email code; read a visitor's state. */
export const verificationApi = {
  request: (conversationId: string) =>
    api.post<{ ok: true }>(`/api/v1/conversations/${enc(conversationId)}/verification-request`),
  status: (visitorId: string) => api.get<VerificationStatus>(`/api/v1/visitors/${enc(visitorId)}/verification`),
};

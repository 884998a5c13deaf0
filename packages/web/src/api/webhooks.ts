import type {
  WebhookDeliveryDetail,
  WebhookDeliveryQuery,
  WebhookDeliveryView,
  WebhookEndpointInput,
  WebhookEndpointView,
  WebhookTestResult,
} from '@parley/shared';
import { api } from './client';

const enc = encodeURIComponent;
const base = '/api/v1/webhooks';

export type WebhookEndpointPatchBody = Partial<WebhookEndpointInput>;

export interface DeliveryPage {
  items: WebhookDeliveryView[];
  nextCursor: string | null;
}

/** `/api/v1/webhooks/*` (admins): further endpoints, the delivery log, Redeliver and Send test. */
export const webhooksApi = {
  endpoints: () => api.get<{ items: WebhookEndpointView[] }>(`${base}/endpoints`),
  createEndpoint: (body: WebhookEndpointInput) => api.post<WebhookEndpointView>(`${base}/endpoints`, body),
  updateEndpoint: (id: string, body: WebhookEndpointPatchBody) =>
    api.patch<WebhookEndpointView>(`${base}/endpoints/${enc(id)}`, body),
  deleteEndpoint: (id: string) => api.delete(`${base}/endpoints/${enc(id)}`),
  deliveries: (q: WebhookDeliveryQuery) => api.get<DeliveryPage>(`${base}/deliveries`, { ...q }),
  delivery: (id: string) => api.get<WebhookDeliveryDetail>(`${base}/deliveries/${enc(id)}`),
  redeliver: (id: string) => api.post<WebhookDeliveryView>(`${base}/deliveries/${enc(id)}/redeliver`),
  /** Posts a sample session to the endpoint (the CRM one of the settings when none is named). */
  test: (endpointId?: string) => api.post<WebhookTestResult>(`${base}/test`, endpointId ? { endpointId } : {}),
};

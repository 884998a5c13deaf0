import type { LiveSnapshot, RatingView, Report, SlaBreach } from '@parley/shared';
import { api, type Query } from './client';

const enc = encodeURIComponent;

/** `/api/v1/reports*` and `/api/v1/monitoring` (docs/reports.md). */
export const reportsApi = {
  report: (q: Query) => api.get<Report>('/api/v1/reports', q),
  slaBreaches: (q: Query) => api.get<{ items: SlaBreach[] }>('/api/v1/reports/sla-breaches', q),
  ratings: (q: Query) => api.get<{ items: RatingView[] }>('/api/v1/reports/ratings', q),
  live: (tz: string) => api.get<LiveSnapshot>('/api/v1/monitoring', { tz }),
  conversationRating: (id: string) => api.get<{ rating: RatingView | null }>(`/api/v1/conversations/${enc(id)}/rating`),
};

import type { BusinessHoursInput, BusinessHoursView, HolidayInput, MyHoursView } from '@parley/shared';
import { api } from './client';

const enc = encodeURIComponent;
const base = '/api/v1/business-hours';

/** Business hours schedules and their holidays (issue 14). Holiday changes answer the whole schedule. */
export const businessHoursApi = {
  /** The signed-in agent's departments: open now or not, and when that changes. */
  mine: () => api.get<MyHoursView>(`${base}/mine`),
  list: () => api.get<{ items: BusinessHoursView[] }>(base),
  create: (body: BusinessHoursInput) => api.post<BusinessHoursView>(base, body),
  update: (id: string, body: BusinessHoursInput) => api.put<BusinessHoursView>(`${base}/${enc(id)}`, body),
  remove: (id: string) => api.delete(`${base}/${enc(id)}`),
  addHoliday: (id: string, body: HolidayInput) => api.post<BusinessHoursView>(`${base}/${enc(id)}/holidays`, body),
  removeHoliday: (id: string, holidayId: string) =>
    api.delete<BusinessHoursView>(`${base}/${enc(id)}/holidays/${enc(holidayId)}`),
};

import type { AlertPreferences, AlertPreferencesPatch } from '@parley/shared';
import { api } from './client';

/** The signed-in user's own preferences (kept on the server: they follow the person between browsers). */
export const preferencesApi = {
  alerts: () => api.get<AlertPreferences>('/api/v1/users/me/alert-preferences'),
  setAlerts: (patch: AlertPreferencesPatch) => api.patch<AlertPreferences>('/api/v1/users/me/alert-preferences', patch),
};

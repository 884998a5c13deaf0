import { expect, type APIRequestContext } from '@playwright/test';

interface SettingView {
  key: string;
  type: string;
  value: unknown;
  isSet?: boolean;
}

/** Every setting's value; secrets as whether they are set (their value never comes back). */
export async function settingValues(api: APIRequestContext): Promise<Record<string, unknown>> {
  const res = await api.get('/api/v1/settings');
  expect(res.ok(), await res.text()).toBe(true);
  const { settings } = (await res.json()) as { settings: SettingView[] };
  return Object.fromEntries(settings.map((s) => [s.key, s.type === 'secret' ? s.isSet : s.value]));
}

/**
 * Remembers all settings now; `restore()` puts back every one that changed since (a secret set since is
 * cleared). Tests share their worker's server, so a test that changes settings restores them.
 */
export async function snapshotSettings(api: APIRequestContext): Promise<{ restore: () => Promise<void> }> {
  const res = await api.get('/api/v1/settings');
  const { settings: before } = (await res.json()) as { settings: SettingView[] };
  return {
    async restore() {
      const now = await settingValues(api);
      const back: Record<string, unknown> = {};
      for (const s of before) {
        if (s.type === 'secret') {
          if (!s.isSet && now[s.key] === true) back[s.key] = '';
        } else if (JSON.stringify(now[s.key]) !== JSON.stringify(s.value)) back[s.key] = s.value;
      }
      if (Object.keys(back).length === 0) return;
      const r = await api.patch('/api/v1/settings', { data: back });
      expect(r.ok(), await r.text()).toBe(true);
    },
  };
}

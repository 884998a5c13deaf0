import { settingsPatchBody, workspaceSettingKeys } from '@parley/shared';
import { route, type RouteDef } from '../../kernel/http.js';
import type { SettingsService } from './settings.service.js';

const manage = { roles: ['admin', 'manager'] } as const;

export function settingsRoutes(settings: SettingsService): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/settings',
      summary: 'All settings with metadata (secrets only as set / not set)',
      tags: ['settings'],
      access: manage,
      handler: async () => ({ settings: settings.listForAdmin() }),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/settings',
      summary: 'Change several settings at once; one invalid value rejects them all',
      tags: ['settings'],
      access: manage,
      body: settingsPatchBody,
      handler: async ({ body, actor, req }) => {
        const changed = await settings.update(body, actor, req.ip);
        return { changed, settings: settings.listForAdmin() };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/settings/workspace',
      summary: 'The settings the agent workspace follows (readable by every staff role)',
      tags: ['settings'],
      access: { roles: ['admin', 'manager', 'agent', 'monitor', 'bot'] },
      handler: async () => ({ settings: settings.valuesOf(workspaceSettingKeys) }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/settings/public',
      summary: 'Public settings (what the widget may read)',
      tags: ['settings'],
      access: { public: true },
      handler: async () => ({ settings: settings.publicValues() }),
    }),
  ];
}

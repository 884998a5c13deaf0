import { z } from 'zod';
import { isSettingKey, type SettingKey, type SettingValues } from './catalog.js';
import { settingGroups, settingTypes } from './types.js';

/**
 * A setting as admins see it (`GET /api/v1/settings`): its definition, its current value and whether
 * Parley acts on it yet.
 */
export const settingViewSchema = z.object({
  key: z.custom<SettingKey>((v) => typeof v === 'string' && isSettingKey(v), 'unknown setting'),
  type: z.enum(settingTypes),
  group: z.enum(settingGroups),
  label: z.string(),
  description: z.string(),
  public: z.boolean(),
  /** Always null for secrets (see `isSet`). */
  value: z.unknown(),
  default: z.unknown(),
  /** Secrets only: whether a value is stored. */
  isSet: z.boolean().optional(),
  /** enum: the allowed values; list of enum: the allowed items. */
  values: z.array(z.string()).readonly().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  unit: z.string().optional(),
  /** False while no part of Parley acts on the setting yet. Never pretends. */
  enforced: z.boolean(),
  /** Where the effect lives: the server, the widget or the agent web app. */
  enforcedIn: z.enum(['server', 'widget', 'web']).optional(),
});
export type SettingView = z.infer<typeof settingViewSchema>;

/** What the agent workspace needs to behave like the server (`GET /api/v1/settings/workspace`; none secret). */
export const workspaceSettingKeys = [
  'omnichannel.enabled',
  'general.continuousSound',
  'general.requireCloseComment',
  'general.fileUploads',
  'general.acceptWhenIdle',
  'sessions.onHold.allowManual',
  'sessions.onHold.onlyAfterAgentEngagement',
  'routing.method',
  'routing.showQueueToAllAgents',
  'queue.maxChatsPerAgent',
  'cannedResponses.enabled',
  'calls.provider',
] as const satisfies readonly SettingKey[];
export type WorkspaceSettings = Pick<SettingValues, (typeof workspaceSettingKeys)[number]>;

/** `PATCH /api/v1/settings`: `{ key: value }`; each value is checked against its definition, one bad one rejects all. */
export const settingsPatchBody = z.record(z.string().max(200), z.unknown());
export type SettingsPatch = z.input<typeof settingsPatchBody>;

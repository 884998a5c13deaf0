import {
  apiChannelSettingsSchema,
  type channelCreateBody,
  type ChannelStatus,
  type ChannelSummary,
  type ChannelType,
  type ChannelView,
  type ChannelUpdateInput,
  type ApiChannelInfo,
} from '@parley/shared';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail, isUniqueViolation } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import { ReloadingCache } from '../../kernel/reloading-cache.js';
import type { AuditService } from '../audit/index.js';
import type { ChannelIdentities } from '../contacts/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { ChannelsTable } from './channels.tables.js';
import './channels.tables.js';

export type ChannelRow = Selectable<ChannelsTable>;

/**
 * What a channel type's module (email, …) adds to the channels module, given by compose.ts: the
 * connection state shown in the console, and the type's part of a save (its secrets kept in its own
 * tables; what it returns is stored as the channel's non-secret `settings`).
 */
export interface ChannelTypeHooks {
  status?(channel: ChannelRow): Promise<ChannelStatus | undefined>;
  /** In the save's transaction, with the body's `settings`: validates them and answers what `channels.settings` keeps. */
  save?(channel: ChannelRow, settings: Record<string, unknown>, isNew: boolean): Promise<Record<string, unknown>>;
}

/** What the API channel's part adds at creation and shows in views (api-channel.service.ts). */
export interface ApiCredentialsPart {
  create(channelId: string, callbackUrl: string | null): Promise<{ token: string; secret: string }>;
  setCallback(channelId: string, callbackUrl: string | null): Promise<void>;
  info(channelIds: string[]): Promise<Map<string, ApiChannelInfo>>;
}

type CreateInput = z.output<typeof channelCreateBody>;

/**
 * Channels as objects (issue 22): type, name, default department, enabled, settings. The list is small
 * and read on hot paths (typeOf on every agent message of a channel conversation): kept in memory until
 * `channel.changed` tells every process to read it again.
 */
export class ChannelsService {
  private readonly cache: ReloadingCache<Map<string, ChannelRow>>;
  private readonly hooks = new Map<ChannelType, ChannelTypeHooks>();
  private api: ApiCredentialsPart | undefined;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly departments: DepartmentsService,
    private readonly identities: ChannelIdentities,
  ) {
    this.cache = new ReloadingCache(async () => {
      const rows = await this.db.q.selectFrom('channels').selectAll().orderBy('created_at').orderBy('id').execute();
      return new Map(rows.map((r) => [r.id, r]));
    });
  }

  /** A channel type's module joins (compose.ts). */
  registerType(type: ChannelType, hooks: ChannelTypeHooks): void {
    this.hooks.set(type, hooks);
  }

  /** The API channel's credentials (built by this module's index). */
  useApiCredentials(api: ApiCredentialsPart): void {
    this.api = api;
  }

  forgetCache(): void {
    this.cache.forget();
  }

  async rows(): Promise<ChannelRow[]> {
    return [...(await this.cache.get()).values()];
  }

  /** The row (cached), or `channel.not-found`. */
  async row(id: string): Promise<ChannelRow> {
    return (await this.cache.get()).get(id) ?? fail('channel.not-found', undefined, 'params.id');
  }

  /** The type of a conversation's channel (cached in every process); undefined for an unknown id. */
  async typeOf(channelId: string): Promise<ChannelType | undefined> {
    return (await this.cache.get()).get(channelId)?.type;
  }

  /** Id, type and name of every channel, for showing a conversation's channel. */
  async summaries(): Promise<ChannelSummary[]> {
    return (await this.rows()).map((r) => ({ id: r.id, type: r.type, name: r.name }));
  }

  async list(): Promise<ChannelView[]> {
    return this.views(await this.rows());
  }

  async get(id: string): Promise<ChannelView> {
    return (await this.views([await this.row(id)]))[0]!;
  }

  async create(
    input: CreateInput,
    actor: Actor,
    ip?: string,
  ): Promise<{ channel: ChannelView; token?: string; secret?: string }> {
    if (input.departmentId) await this.departments.usable(input.departmentId, 'body.departmentId');
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    let secrets: { token: string; secret: string } | undefined;
    try {
      await this.db.tx(async (trx) => {
        const row = await trx
          .insertInto('channels')
          .values({
            id,
            type: input.type,
            name: input.name,
            department_id: input.departmentId ?? null,
            enabled: input.enabled ?? true,
            settings: '{}',
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const settings = await this.saveSettings(row, input.settings, true);
        if (input.type === 'api') {
          secrets = await this.apiPart().create(id, apiChannelSettingsSchema.parse(input.settings).callbackUrl);
        }
        await trx
          .updateTable('channels')
          .set({ settings: JSON.stringify(settings) })
          .where('id', '=', id)
          .execute();
        await this.audit.record(
          actor,
          {
            action: 'channel.created',
            targetType: 'channel',
            targetId: id,
            changes: { type: input.type, name: input.name, departmentId: input.departmentId ?? null },
          },
          ip,
        );
        this.bus.emit('channel.changed', { channelId: id });
      });
    } catch (err) {
      if (isUniqueViolation(err, 'channels_name_lower')) fail('channel.name-taken', undefined, 'body.name');
      throw err;
    }
    this.forgetCache();
    return { channel: await this.get(id), ...(secrets ?? {}) };
  }

  async update(id: string, input: ChannelUpdateInput, actor: Actor, ip?: string): Promise<ChannelView> {
    const before = await this.db.q.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) fail('channel.not-found', undefined, 'params.id');
    if (before.type === 'widget' && input.enabled === false) fail('channel.builtin', undefined, 'body.enabled');
    if (input.departmentId) await this.departments.usable(input.departmentId, 'body.departmentId');
    try {
      await this.db.tx(async (trx) => {
        const settings =
          input.settings !== undefined ? await this.saveSettings(before, input.settings, false) : undefined;
        if (before.type === 'api' && input.settings !== undefined) {
          await this.apiPart().setCallback(id, apiChannelSettingsSchema.parse(input.settings).callbackUrl);
        }
        await trx
          .updateTable('channels')
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.departmentId !== undefined ? { department_id: input.departmentId } : {}),
            ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
            ...(settings !== undefined ? { settings: JSON.stringify(settings) } : {}),
            updated_at: this.clock.now(),
          })
          .where('id', '=', id)
          .execute();
        const changes: Record<string, unknown> = {};
        if (input.name !== undefined && input.name !== before.name)
          changes.name = { from: before.name, to: input.name };
        if (input.departmentId !== undefined && input.departmentId !== before.department_id)
          changes.departmentId = { from: before.department_id, to: input.departmentId };
        if (input.enabled !== undefined && input.enabled !== before.enabled)
          changes.enabled = { from: before.enabled, to: input.enabled };
        if (input.settings !== undefined) changes.settings = 'changed';
        await this.audit.record(actor, { action: 'channel.updated', targetType: 'channel', targetId: id, changes }, ip);
        this.bus.emit('channel.changed', { channelId: id });
      });
    } catch (err) {
      if (isUniqueViolation(err, 'channels_name_lower')) fail('channel.name-taken', undefined, 'body.name');
      throw err;
    }
    this.forgetCache();
    return this.get(id);
  }

  /**
   * Removes a channel that never reached anyone. One with contacts (and so conversations) is refused with
   * `channel.in-use`: disable it instead, so its conversations keep their channel. The widget stays.
   */
  async remove(id: string, actor: Actor, ip?: string): Promise<void> {
    const row = await this.row(id);
    if (row.type === 'widget') fail('channel.builtin', undefined, 'params.id');
    if (await this.identities.anyOf(id)) fail('channel.in-use', undefined, 'params.id');
    await this.db.tx(async (trx) => {
      await trx.deleteFrom('channels').where('id', '=', id).execute();
      await this.audit.record(
        actor,
        { action: 'channel.removed', targetType: 'channel', targetId: id, changes: { name: row.name, type: row.type } },
        ip,
      );
      this.bus.emit('channel.changed', { channelId: id });
    });
    this.forgetCache();
  }

  private apiPart(): ApiCredentialsPart {
    if (!this.api) throw new Error('the API channel part is not wired');
    return this.api;
  }

  /** The type's part of a save: its hook when it has one, else the settings as validated by the schema. */
  private async saveSettings(row: ChannelRow, settings: unknown, isNew: boolean): Promise<Record<string, unknown>> {
    const given = (settings ?? {}) as Record<string, unknown>;
    const hook = this.hooks.get(row.type)?.save;
    if (hook) return hook(row, given, isNew);
    if (row.type === 'api') {
      const parsed = apiChannelSettingsSchema.safeParse(given);
      if (!parsed.success) fail('channel.settings-invalid', undefined, 'body.settings');
      // The callback URL lives with the credentials; nothing else is kept in settings for now.
      return {};
    }
    if (row.type === 'widget' && Object.keys(given).length > 0)
      fail('channel.settings-invalid', 'The website widget is set up in the settings (Livechat)', 'body.settings');
    if (row.type === 'email') fail('channel.type-not-available', undefined, 'body.type');
    return {};
  }

  private async views(rows: ChannelRow[]): Promise<ChannelView[]> {
    const api = rows.some((r) => r.type === 'api')
      ? await this.apiPart().info(rows.filter((r) => r.type === 'api').map((r) => r.id))
      : new Map<string, ApiChannelInfo>();
    return Promise.all(
      rows.map(async (r) => {
        const own = r.enabled ? await this.hooks.get(r.type)?.status?.(r) : undefined;
        const status: ChannelStatus = r.enabled ? (own ?? { state: 'ok' }) : { state: 'disabled' };
        const info = api.get(r.id);
        return {
          id: r.id,
          type: r.type,
          name: r.name,
          departmentId: r.department_id,
          enabled: r.enabled,
          settings: r.settings,
          status,
          ...(info ? { api: info } : {}),
          createdAt: r.created_at.toISOString(),
          updatedAt: r.updated_at.toISOString(),
        };
      }),
    );
  }
}

import type { DepartmentView } from '@parley/shared';
import type { Selectable } from 'kysely';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail, isUniqueViolation } from '../../kernel/errors.js';
import { ReloadingCache } from '../../kernel/reloading-cache.js';
import type { Actor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { AuditService } from '../audit/index.js';
import type { BusinessHoursService } from '../business-hours/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';
import type { DepartmentsTable } from './departments.tables.js';
import './departments.tables.js';

/** A fixed locale: every process sorts the same way, whatever its environment. */
const byName = new Intl.Collator('en');

export type DepartmentInput = Omit<DepartmentView, 'id' | 'agents' | 'createdAt' | 'updatedAt' | 'archived'>;

/**
 * Departments and their agents. Read on hot paths (routing, widget config), so all departments are
 * cached in memory and reloaded in every process on `department.changed`.
 */
export class DepartmentsService {
  private readonly cache = new ReloadingCache(() => this.load());

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    /** A department's schedule must exist (its foreign key says so too); asked of the business-hours module. */
    private readonly schedules: Pick<BusinessHoursService, 'exists'>,
  ) {
    settings.declareEnforced('general.departmentRemoval');
  }

  /** Departments changed (here or in another process): the next read reloads them (departments.listeners.ts). */
  forgetCache(): void {
    this.cache.forget();
  }

  private all(): Promise<Map<string, DepartmentView>> {
    return this.cache.get();
  }

  private async load(): Promise<Map<string, DepartmentView>> {
    const [rows, members] = await Promise.all([
      this.db.q.selectFrom('departments').selectAll().orderBy('name').execute(),
      this.db.q.selectFrom('department_agents').selectAll().orderBy('position').execute(),
    ]);
    const map = new Map(rows.map((r) => [r.id, toView(r, [])]));
    for (const m of members) map.get(m.department_id)?.agents.push({ userId: m.user_id, position: m.position });
    return map;
  }

  async list(opts: { includeArchived?: boolean } = {}): Promise<DepartmentView[]> {
    return [...(await this.all()).values()].filter((d) => opts.includeArchived || !d.archived);
  }

  /**
   * A page of departments by name, then id (a stable order across pages and processes); `total` counts
   * every match before paging. Without `limit`, all of them from `offset` on.
   */
  async page(opts: {
    includeArchived?: boolean;
    search?: string;
    limit?: number;
    offset?: number;
  }): Promise<{ items: DepartmentView[]; total: number }> {
    const needle = opts.search?.toLowerCase();
    const matching = (await this.list(opts))
      .filter((d) => !needle || d.name.toLowerCase().includes(needle))
      .sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const offset = opts.offset ?? 0;
    const end = opts.limit === undefined ? undefined : offset + opts.limit;
    return { items: matching.slice(offset, end), total: matching.length };
  }

  async find(id: string): Promise<DepartmentView | undefined> {
    return (await this.all()).get(id);
  }

  async get(id: string, field = 'params.id'): Promise<DepartmentView> {
    return (await this.find(id)) ?? fail('department.not-found', undefined, field);
  }

  /** Departments a visitor may pick or be put in right now. */
  async usable(id: string, field: string): Promise<DepartmentView> {
    const d = await this.find(id);
    if (!d) fail('department.not-found', undefined, field);
    if (!d.enabled || d.archived) fail('department.not-available', undefined, field);
    return d;
  }

  /** The names of the departments whose schedule this is (a schedule in use cannot be deleted). */
  async namesUsingSchedule(scheduleId: string): Promise<string[]> {
    return [...(await this.all()).values()].filter((d) => d.businessHoursId === scheduleId).map((d) => d.name);
  }

  async departmentsOf(userId: string): Promise<string[]> {
    return [...(await this.all()).values()].filter((d) => d.agents.some((a) => a.userId === userId)).map((d) => d.id);
  }

  async create(input: DepartmentInput, actor: Actor): Promise<DepartmentView> {
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    await this.checkRefs(id, input);
    const row = { id, ...toRow(input), archived: false, created_at: now, updated_at: now };
    await this.db.tx(async (trx) => {
      await this.catchName(() => trx.insertInto('departments').values(row).execute());
      await this.audit.record(actor, {
        action: 'department.created',
        targetType: 'department',
        targetId: id,
        changes: { name: input.name },
      });
      this.bus.emit('department.changed', { departmentId: id });
    });
    this.cache.forget();
    return toView(row, []);
  }

  async update(id: string, patch: Partial<DepartmentInput>, actor: Actor): Promise<DepartmentView> {
    const current = await this.get(id);
    const merged = { ...current, ...patch };
    await this.checkRefs(id, merged);
    await this.db.tx(async (trx) => {
      await this.catchName(() =>
        trx
          .updateTable('departments')
          .set({ ...toRow(merged), updated_at: this.clock.now() })
          .where('id', '=', id)
          .execute(),
      );
      await this.audit.record(actor, {
        action: 'department.updated',
        targetType: 'department',
        targetId: id,
        changes: patch as never,
      });
      this.bus.emit('department.changed', { departmentId: id });
    });
    this.cache.forget();
    return this.get(id);
  }

  async setArchived(id: string, archived: boolean, actor: Actor): Promise<DepartmentView> {
    await this.get(id);
    await this.db.tx(async (trx) => {
      await trx
        .updateTable('departments')
        .set({ archived, updated_at: this.clock.now() })
        .where('id', '=', id)
        .execute();
      await this.audit.record(actor, {
        action: archived ? 'department.archived' : 'department.unarchived',
        targetType: 'department',
        targetId: id,
      });
      this.bus.emit('department.changed', { departmentId: id });
    });
    this.cache.forget();
    return this.get(id);
  }

  async remove(id: string, actor: Actor): Promise<void> {
    if (!this.settings.get('general.departmentRemoval')) fail('department.removal-disabled');
    await this.get(id);
    await this.db.tx(async (trx) => {
      await trx.deleteFrom('departments').where('id', '=', id).execute();
      // Others pointing at it (fallback is nulled by the foreign key; forward lists here).
      await trx
        .updateTable('departments')
        .set((eb) => ({ allowed_forward_ids: eb.fn('array_remove', ['allowed_forward_ids', eb.val(id)]) }))
        .execute();
      await this.audit.record(actor, { action: 'department.deleted', targetType: 'department', targetId: id });
      this.bus.emit('department.changed', { departmentId: id });
    });
    this.cache.forget();
  }

  /** Replaces the department's agents (order = position for tie-breaking in routing). */
  async setAgents(id: string, userIds: string[], actor: Actor): Promise<DepartmentView> {
    await this.get(id);
    const unique = [...new Set(userIds)];
    const users = await this.users.byIds(unique);
    for (const [i, uid] of unique.entries()) {
      const u = users.find((x) => x.id === uid);
      if (!u) fail('user.not-found', undefined, `body.agents.${i}`);
      if (!u.roles.includes('agent') && !u.roles.includes('bot')) {
        fail('request.invalid', `${u.name} does not have the agent role`, `body.agents.${i}`);
      }
    }
    await this.db.tx(async (trx) => {
      await trx.deleteFrom('department_agents').where('department_id', '=', id).execute();
      if (unique.length > 0) {
        await trx
          .insertInto('department_agents')
          .values(unique.map((user_id, position) => ({ department_id: id, user_id, position })))
          .execute();
      }
      await this.audit.record(actor, {
        action: 'department.agents-set',
        targetType: 'department',
        targetId: id,
        changes: { agents: unique },
      });
      this.bus.emit('department.changed', { departmentId: id });
    });
    this.cache.forget();
    return this.get(id);
  }

  private async checkRefs(id: string, d: Partial<DepartmentInput>): Promise<void> {
    const all = await this.all();
    if (d.fallbackDepartmentId) {
      if (d.fallbackDepartmentId === id)
        fail('request.invalid', 'A department cannot fall back to itself', 'body.fallbackDepartmentId');
      if (!all.has(d.fallbackDepartmentId)) fail('department.not-found', undefined, 'body.fallbackDepartmentId');
    }
    for (const [i, fid] of (d.allowedForwardIds ?? []).entries()) {
      if (!all.has(fid) || fid === id) fail('department.not-found', undefined, `body.allowedForwardIds.${i}`);
    }
    if (d.businessHoursId && !(await this.schedules.exists(d.businessHoursId))) {
      fail('business-hours.not-found', undefined, 'body.businessHoursId');
    }
  }

  private async catchName(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (isUniqueViolation(err, 'departments_name')) fail('department.name-taken', undefined, 'body.name');
      // The schedule was deleted since checkRefs looked.
      if ((err as { code?: string }).code === '23503' && String((err as Error).message).includes('business_hours')) {
        fail('business-hours.not-found', undefined, 'body.businessHoursId');
      }
      throw err;
    }
  }
}

function toRow(d: DepartmentInput) {
  return {
    name: d.name,
    description: d.description,
    enabled: d.enabled,
    show_on_registration: d.showOnRegistration,
    show_on_offline_form: d.showOnOfflineForm,
    email: d.email,
    fallback_department_id: d.fallbackDepartmentId,
    allowed_forward_ids: d.allowedForwardIds,
    request_tag_before_closing: d.requestTagBeforeClosing,
    closing_tags: d.closingTags,
    waiting_queue_message: d.waitingQueueMessage,
    max_chats_per_agent: d.maxChatsPerAgent,
    business_hours_id: d.businessHoursId,
  };
}

function toView(r: Selectable<DepartmentsTable>, agents: DepartmentView['agents']): DepartmentView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    showOnRegistration: r.show_on_registration,
    showOnOfflineForm: r.show_on_offline_form,
    email: r.email,
    fallbackDepartmentId: r.fallback_department_id,
    allowedForwardIds: r.allowed_forward_ids,
    requestTagBeforeClosing: r.request_tag_before_closing,
    closingTags: r.closing_tags,
    waitingQueueMessage: r.waiting_queue_message,
    maxChatsPerAgent: r.max_chats_per_agent,
    businessHoursId: r.business_hours_id,
    archived: r.archived,
    agents,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

import type { CannedListOptions, CannedResponseView, CannedScope } from '@parley/shared';
import { sql, type Selectable } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail, isUniqueViolation } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { AuditService } from '../audit/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';
import type { CannedResponsesTable } from './canned-responses.tables.js';
import './canned-responses.tables.js';

type Row = Selectable<CannedResponsesTable>;

export interface CannedResponseInput {
  scope: CannedScope;
  departmentId?: string | undefined;
  ownerId?: string | undefined;
  shortcut: string;
  text: string;
  tags: string[];
}

const view = (r: Row): CannedResponseView => ({
  id: r.id,
  scope: r.scope,
  departmentId: r.department_id,
  ownerId: r.owner_id,
  shortcut: r.shortcut,
  text: r.text,
  tags: r.tags,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** A `like` pattern for text containing `search`, lower-cased, its wildcards taken literally. */
const containing = (search: string) => `%${search.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/** Admins and managers keep every scope; everyone else only their own personal responses. */
export const managesAll = (actor: StaffActor) => actor.roles.some((r) => r === 'admin' || r === 'manager');

/** Which rows a caller sees: all of them, or what they may use (global, their departments', their own). */
type Visibility = { all: true } | { all: false; userId: string; departmentIds: string[] };

/**
 * Canned responses: who may see and keep which (the scope rule), and their CRUD. Turned off as a whole by
 * `cannedResponses.enabled` (every call asks `assertEnabled` first, so the API answers one clear error).
 */
export class CannedResponsesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly departments: DepartmentsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {
    settings.declareEnforced('cannedResponses.enabled');
  }

  assertEnabled(): void {
    if (!this.settings.get('cannedResponses.enabled')) fail('canned-response.disabled');
  }

  private async visibility(actor: StaffActor, usable: boolean): Promise<Visibility> {
    if (managesAll(actor) && !usable) return { all: true };
    return { all: false, userId: actor.userId, departmentIds: await this.departments.departmentsOf(actor.userId) };
  }

  /**
   * A page by shortcut (case aside), then id. `search` matches the shortcut, the text or a tag, whatever the
   * case. An agent (or anyone with `usable`) gets only what they may insert in a chat.
   */
  async page(actor: StaffActor, query: CannedListOptions): Promise<{ items: CannedResponseView[]; total: number }> {
    this.assertEnabled();
    const vis = await this.visibility(actor, query.usable === true);
    let q = this.db.q.selectFrom('canned_responses');
    if (!vis.all) {
      const { userId, departmentIds } = vis;
      q = q.where((eb) =>
        eb.or([
          eb('scope', '=', 'global'),
          eb.and([eb('scope', '=', 'personal'), eb('owner_id', '=', userId)]),
          ...(departmentIds.length
            ? [eb.and([eb('scope', '=', 'department'), eb('department_id', 'in', departmentIds)])]
            : []),
        ]),
      );
    }
    if (query.scope) q = q.where('scope', '=', query.scope);
    if (query.search) {
      const like = containing(query.search);
      q = q.where(
        (eb) =>
          sql<boolean>`(lower(shortcut) like ${like} or lower(text) like ${like}
            or exists (select 1 from unnest(${eb.ref('tags')}) as t(tag) where lower(t.tag) like ${like}))`,
      );
    }
    let rows = q
      .selectAll()
      .orderBy(sql`lower(shortcut)`)
      .orderBy('id')
      .offset(query.offset ?? 0);
    if (query.limit !== undefined) rows = rows.limit(query.limit);
    const [items, total] = await Promise.all([
      rows.execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: items.map(view), total: Number(total.n) };
  }

  /**
   * One response the caller may read (use): what they may not read looks like it does not exist (404).
   * Admins and managers read every one.
   */
  async get(actor: StaffActor, id: string): Promise<CannedResponseView> {
    this.assertEnabled();
    return view(await this.readable(actor, id));
  }

  private async readable(actor: StaffActor, id: string): Promise<Row> {
    const r = await this.db.q.selectFrom('canned_responses').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !(await this.mayUse(actor, r, managesAll(actor))))
      fail('canned-response.not-found', undefined, 'params.id');
    return r;
  }

  /** May the actor insert this response (or, for a manager, see it at all)? */
  private async mayUse(actor: StaffActor, r: Row, seesAll: boolean): Promise<boolean> {
    if (seesAll || r.scope === 'global') return true;
    if (r.scope === 'personal') return r.owner_id === actor.userId;
    return (await this.departments.departmentsOf(actor.userId)).includes(r.department_id!);
  }

  /** What the actor may insert in a chat: the usable rule even for a manager (not others' personal ones). */
  async usable(actor: StaffActor, id: string): Promise<CannedResponseView> {
    this.assertEnabled();
    const r = await this.db.q.selectFrom('canned_responses').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !(await this.mayUse(actor, r, false))) fail('canned-response.not-found', undefined, 'params.id');
    return view(r);
  }

  /** Creates (no id) or changes a response, after checking the actor may keep one of that scope. */
  async save(actor: StaffActor, id: string | undefined, input: CannedResponseInput): Promise<CannedResponseView> {
    this.assertEnabled();
    if (id) this.assertMayChange(actor, await this.readable(actor, id));
    const owner = await this.ownerOf(actor, input);
    const now = this.clock.now();
    const values = {
      scope: input.scope,
      ...owner,
      shortcut: input.shortcut,
      text: input.text,
      tags: [...new Set(input.tags)],
      updated_at: now,
    };
    return this.db.tx(async (trx) => {
      try {
        const row = id
          ? await trx.updateTable('canned_responses').set(values).where('id', '=', id).returningAll().executeTakeFirst()
          : await trx
              .insertInto('canned_responses')
              .values({ id: uuidv7(), ...values, created_at: now })
              .returningAll()
              .executeTakeFirst();
        if (!row) fail('canned-response.not-found', undefined, 'params.id');
        await this.audit.record(actor, {
          action: id ? 'canned-response.updated' : 'canned-response.created',
          targetType: 'canned-response',
          targetId: row.id,
          changes: { ...input, tags: values.tags },
        });
        return view(row);
      } catch (err) {
        if (isUniqueViolation(err)) fail('canned-response.shortcut-taken', undefined, 'body.shortcut');
        throw err;
      }
    });
  }

  async remove(actor: StaffActor, id: string): Promise<void> {
    this.assertEnabled();
    this.assertMayChange(actor, await this.readable(actor, id));
    await this.db.tx(async (trx) => {
      const r = await trx.deleteFrom('canned_responses').where('id', '=', id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) fail('canned-response.not-found', undefined, 'params.id');
      await this.audit.record(actor, {
        action: 'canned-response.deleted',
        targetType: 'canned-response',
        targetId: id,
      });
    });
  }

  /** An agent reads global and department responses but changes only their own. */
  private assertMayChange(actor: StaffActor, r: Row): void {
    if (managesAll(actor) || (r.scope === 'personal' && r.owner_id === actor.userId)) return;
    fail('auth.forbidden', 'Only admins and managers change global and department canned responses');
  }

  /** The owner columns of the scope, checked: an agent keeps personal responses of their own only. */
  private async ownerOf(
    actor: StaffActor,
    input: CannedResponseInput,
  ): Promise<{ department_id: string | null; owner_id: string | null }> {
    const all = managesAll(actor);
    if (input.scope !== 'personal' && !all)
      fail('auth.forbidden', 'Agents keep personal canned responses only', 'body.scope');
    if (input.scope === 'global') return { department_id: null, owner_id: null };
    if (input.scope === 'department') {
      if (!input.departmentId)
        fail('request.invalid', 'A department response needs its department', 'body.departmentId');
      await this.departments.get(input.departmentId, 'body.departmentId');
      return { department_id: input.departmentId, owner_id: null };
    }
    const ownerId = input.ownerId ?? actor.userId;
    if (ownerId !== actor.userId) {
      if (!all) fail('auth.forbidden', 'Agents keep personal canned responses of their own only', 'body.ownerId');
      await this.users.get(ownerId).catch(() => fail('user.not-found', undefined, 'body.ownerId'));
    }
    return { department_id: null, owner_id: ownerId };
  }
}

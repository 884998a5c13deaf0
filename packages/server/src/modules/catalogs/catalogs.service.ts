import { sql, type Selectable } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail, isUniqueViolation } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { AuditService } from '../audit/index.js';
import type { PrioritiesTable, SlaPoliciesTable } from './catalogs.tables.js';
import './catalogs.tables.js';

export interface PriorityView {
  id: string;
  name: string;
  weight: number;
}
export interface SlaView {
  id: string;
  name: string;
  description: string;
  dueMinutes: number;
}

const priorityView = (r: Selectable<PrioritiesTable>): PriorityView => ({ id: r.id, name: r.name, weight: r.weight });
const slaView = (r: Selectable<SlaPoliciesTable>): SlaView => ({
  id: r.id,
  name: r.name,
  description: r.description,
  dueMinutes: r.due_minutes,
});

export interface PageOptions {
  search?: string;
  limit?: number;
  offset?: number;
}

/** A `like` pattern matching names that contain `search`, lower-cased, its wildcards taken literally. */
const containing = (search: string) => `%${search.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/** Priorities (queue.sorting = priority) and SLA policies (queue.sorting = sla). */
export class CatalogsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async priorities(): Promise<PriorityView[]> {
    return (await this.db.q.selectFrom('priorities').selectAll().orderBy('weight').orderBy('name').execute()).map(
      priorityView,
    );
  }

  /**
   * A page of priorities by weight, then name (case aside), then id; `search` matches the name whatever the case.
   * `total` counts every match before paging. Without `limit`, all of them from `offset` on.
   */
  async priorityPage(opts: PageOptions): Promise<{ items: PriorityView[]; total: number }> {
    let q = this.db.q.selectFrom('priorities');
    if (opts.search) q = q.where(sql<string>`lower(name)`, 'like', containing(opts.search));
    let rows = q
      .selectAll()
      .orderBy('weight')
      .orderBy(sql`lower(name)`)
      .orderBy('id')
      .offset(opts.offset ?? 0);
    if (opts.limit !== undefined) rows = rows.limit(opts.limit);
    const [items, total] = await Promise.all([
      rows.execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: items.map(priorityView), total: Number(total.n) };
  }

  /**
   * A queued conversation's place: its priority's weight (99 without one, or when the priority was
   * deleted since) and its SLA due time counted from when it was queued.
   */
  async queueOrdering(
    priorityId: string | null,
    slaId: string | null,
    queuedAt: Date,
  ): Promise<{ priorityWeight: number; slaDueAt: Date | null }> {
    const weight = priorityId ? ((await this.priority(priorityId).catch(() => undefined))?.weight ?? 99) : 99;
    const sla = slaId ? await this.sla(slaId).catch(() => undefined) : undefined;
    return { priorityWeight: weight, slaDueAt: sla ? new Date(queuedAt.getTime() + sla.dueMinutes * 60_000) : null };
  }

  /** Fails (naming the body field) when a priority or SLA id refers to nothing. */
  async checkRefs(priorityId: string | null, slaId: string | null): Promise<void> {
    if (priorityId) await this.priority(priorityId, 'body.priorityId');
    if (slaId) await this.sla(slaId, 'body.slaId');
  }

  async priority(id: string, field = 'params.id'): Promise<PriorityView> {
    const r = await this.db.q.selectFrom('priorities').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? priorityView(r) : fail('priority.not-found', undefined, field);
  }

  async savePriority(
    actor: Actor,
    id: string | undefined,
    input: { name: string; weight: number },
  ): Promise<PriorityView> {
    const now = this.clock.now();
    return this.db.tx(async (trx) => {
      try {
        const row = id
          ? await trx
              .updateTable('priorities')
              .set({ ...input, updated_at: now })
              .where('id', '=', id)
              .returningAll()
              .executeTakeFirst()
          : await trx
              .insertInto('priorities')
              .values({ id: uuidv7(), ...input, created_at: now, updated_at: now })
              .returningAll()
              .executeTakeFirst();
        if (!row) fail('priority.not-found', undefined, 'params.id');
        await this.audit.record(actor, {
          action: id ? 'priority.updated' : 'priority.created',
          targetType: 'priority',
          targetId: row.id,
          changes: input,
        });
        return priorityView(row);
      } catch (err) {
        if (isUniqueViolation(err)) fail('request.invalid', 'A priority with this name exists', 'body.name');
        throw err;
      }
    });
  }

  async removePriority(actor: Actor, id: string): Promise<void> {
    await this.db.tx(async (trx) => {
      const r = await trx.deleteFrom('priorities').where('id', '=', id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) fail('priority.not-found', undefined, 'params.id');
      await this.audit.record(actor, { action: 'priority.deleted', targetType: 'priority', targetId: id });
    });
  }

  async slas(): Promise<SlaView[]> {
    return (
      await this.db.q.selectFrom('sla_policies').selectAll().orderBy('due_minutes').orderBy('name').execute()
    ).map(slaView);
  }

  /**
   * A page of SLA policies by due time, then name (case aside), then id; `search` matches the name whatever the case.
   * `total` counts every match before paging. Without `limit`, all of them from `offset` on.
   */
  async slaPage(opts: PageOptions): Promise<{ items: SlaView[]; total: number }> {
    let q = this.db.q.selectFrom('sla_policies');
    if (opts.search) q = q.where(sql<string>`lower(name)`, 'like', containing(opts.search));
    let rows = q
      .selectAll()
      .orderBy('due_minutes')
      .orderBy(sql`lower(name)`)
      .orderBy('id')
      .offset(opts.offset ?? 0);
    if (opts.limit !== undefined) rows = rows.limit(opts.limit);
    const [items, total] = await Promise.all([
      rows.execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: items.map(slaView), total: Number(total.n) };
  }

  async sla(id: string, field = 'params.id'): Promise<SlaView> {
    const r = await this.db.q.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? slaView(r) : fail('sla.not-found', undefined, field);
  }

  async saveSla(
    actor: Actor,
    id: string | undefined,
    input: { name: string; description: string; dueMinutes: number },
  ): Promise<SlaView> {
    const now = this.clock.now();
    const values = { name: input.name, description: input.description, due_minutes: input.dueMinutes };
    return this.db.tx(async (trx) => {
      try {
        const row = id
          ? await trx
              .updateTable('sla_policies')
              .set({ ...values, updated_at: now })
              .where('id', '=', id)
              .returningAll()
              .executeTakeFirst()
          : await trx
              .insertInto('sla_policies')
              .values({ id: uuidv7(), ...values, created_at: now, updated_at: now })
              .returningAll()
              .executeTakeFirst();
        if (!row) fail('sla.not-found', undefined, 'params.id');
        await this.audit.record(actor, {
          action: id ? 'sla.updated' : 'sla.created',
          targetType: 'sla',
          targetId: row.id,
          changes: input,
        });
        return slaView(row);
      } catch (err) {
        if (isUniqueViolation(err)) fail('request.invalid', 'An SLA policy with this name exists', 'body.name');
        throw err;
      }
    });
  }

  async removeSla(actor: Actor, id: string): Promise<void> {
    await this.db.tx(async (trx) => {
      const r = await trx.deleteFrom('sla_policies').where('id', '=', id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) fail('sla.not-found', undefined, 'params.id');
      await this.audit.record(actor, { action: 'sla.deleted', targetType: 'sla', targetId: id });
    });
  }
}

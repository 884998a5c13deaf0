import type { CustomFieldView } from '@parley/shared';
import type { Selectable } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { EventBus } from '../../kernel/bus.js';
import type { Db } from '../../kernel/db/db.js';
import { fail, isUniqueViolation } from '../../kernel/errors.js';
import { ReloadingCache } from '../../kernel/reloading-cache.js';
import { compileLinear, linearRegexProblem } from '../../kernel/linear-regex.js';
import type { Actor } from '../../kernel/http.js';
import type { AuditService } from '../audit/index.js';
import type { CustomFieldsTable } from './custom-fields.tables.js';
import './custom-fields.tables.js';

export type Scope = 'visitor' | 'conversation';
export type NewCustomField = Omit<CustomFieldView, 'position'> & { position?: number };
export const CUSTOM_VALUE_MAX = 1000;

function toView(r: Selectable<CustomFieldsTable>): CustomFieldView {
  return {
    id: r.id,
    label: r.label,
    scope: r.scope,
    type: r.type,
    options: r.options,
    regex: r.regex,
    required: r.required,
    visible: r.visible,
    searchable: r.searchable,
    position: r.position,
  };
}

/**
 * Definitions of extra fields on visitors and conversations, and the validation of their values.
 * Definitions are few and read on every registration: they are cached and reloaded on change.
 */
export class CustomFieldsService {
  private readonly cache = new ReloadingCache(async () =>
    (await this.db.q.selectFrom('custom_fields').selectAll().orderBy('position').orderBy('id').execute()).map(toView),
  );

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(scope?: Scope): Promise<CustomFieldView[]> {
    const all = await this.cache.get();
    return scope ? all.filter((f) => f.scope === scope) : all;
  }

  /**
   * A page of definitions in their list order (position, then id); `search` matches the label or the key,
   * whatever the case. `total` counts every match before paging. Without `limit`, all of them from `offset` on.
   */
  async page(opts: {
    scope?: Scope;
    search?: string;
    limit?: number;
    offset?: number;
  }): Promise<{ items: CustomFieldView[]; total: number }> {
    const needle = opts.search?.toLowerCase();
    const matching = (await this.list(opts.scope)).filter(
      (f) => !needle || f.label.toLowerCase().includes(needle) || f.id.toLowerCase().includes(needle),
    );
    const offset = opts.offset ?? 0;
    const end = opts.limit === undefined ? undefined : offset + opts.limit;
    return { items: matching.slice(offset, end), total: matching.length };
  }

  /** The definitions changed (here or in another process): the next read reloads them (custom-fields.listeners.ts). */
  invalidate(): void {
    this.cache.forget();
  }

  async create(input: NewCustomField, actor: Actor): Promise<CustomFieldView> {
    checkDefinition(input);
    const now = this.clock.now();
    const row = { ...fromView(input), position: input.position ?? 0, created_at: now, updated_at: now };
    await this.db.tx(async (trx) => {
      try {
        await trx.insertInto('custom_fields').values(row).execute();
      } catch (err) {
        if (isUniqueViolation(err)) fail('custom-field.exists', undefined, 'body.id');
        throw err;
      }
      await this.audit.record(actor, {
        action: 'custom-field.created',
        targetType: 'custom-field',
        targetId: row.id,
        changes: input as never,
      });
      this.bus.emit('custom-field.changed', { id: row.id });
    });
    return toView(row);
  }

  async update(id: string, patch: Partial<Omit<NewCustomField, 'id'>>, actor: Actor): Promise<CustomFieldView> {
    return this.db.tx(async (trx) => {
      const current = await trx.selectFrom('custom_fields').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) fail('custom-field.not-found', undefined, 'params.id');
      const merged = { ...toView(current), ...patch };
      checkDefinition(merged);
      await trx
        .updateTable('custom_fields')
        .set({ ...fromView(merged), position: merged.position, updated_at: this.clock.now() })
        .where('id', '=', id)
        .execute();
      await this.audit.record(actor, {
        action: 'custom-field.updated',
        targetType: 'custom-field',
        targetId: id,
        changes: patch as never,
      });
      this.bus.emit('custom-field.changed', { id });
      return merged;
    });
  }

  async remove(id: string, actor: Actor): Promise<void> {
    await this.db.tx(async (trx) => {
      const r = await trx.deleteFrom('custom_fields').where('id', '=', id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) fail('custom-field.not-found', undefined, 'params.id');
      await this.audit.record(actor, { action: 'custom-field.deleted', targetType: 'custom-field', targetId: id });
      this.bus.emit('custom-field.changed', { id });
    });
  }

  /**
   * Checks values against the definitions of `scope`. `fromVisitor`: only fields visible to visitors may
   * be set, and required visible fields must be present unless `partial`. Returns the values to store.
   */
  async validate(
    scope: Scope,
    values: Record<string, string>,
    opts: { fromVisitor: boolean; partial: boolean; fieldPrefix: string },
  ): Promise<Record<string, string>> {
    const defs = await this.list(scope);
    const byId = new Map(defs.map((d) => [d.id, d]));
    const out: Record<string, string> = {};
    for (const [key, raw] of Object.entries(values)) {
      const field = `${opts.fieldPrefix}.${key}`;
      const def = byId.get(key);
      if (!def || (opts.fromVisitor && !def.visible)) fail('custom-field.invalid', `Unknown field ${key}`, field);
      const value = raw.trim();
      if (value.length > CUSTOM_VALUE_MAX) fail('custom-field.invalid', `${def.label} is too long`, field);
      if (value === '') {
        if (def.required) fail('custom-field.invalid', `${def.label} is required`, field);
        out[key] = '';
        continue;
      }
      if (def.type === 'select' && !def.options.includes(value)) {
        fail('custom-field.invalid', `${def.label} must be one of: ${def.options.join(', ')}`, field);
      }
      if (def.regex && !formatMatches(def.regex, value))
        fail('custom-field.invalid', `${def.label} has the wrong format`, field);
      out[key] = value;
    }
    if (!opts.partial) {
      for (const d of defs) {
        if (d.required && (!opts.fromVisitor || d.visible) && !(d.id in out)) {
          fail('custom-field.invalid', `${d.label} is required`, `${opts.fieldPrefix}.${d.id}`);
        }
      }
    }
    return out;
  }
}

function fromView(v: Omit<CustomFieldView, 'position'>) {
  return {
    id: v.id,
    label: v.label,
    scope: v.scope,
    type: v.type,
    options: v.options,
    regex: v.regex,
    required: v.required,
    visible: v.visible,
    searchable: v.searchable,
  };
}

function checkDefinition(d: Omit<CustomFieldView, 'position'>): void {
  if (d.type === 'select' && d.options.length === 0)
    fail('request.invalid', 'A select field needs options', 'body.options');
  if (d.regex) {
    const problem = linearRegexProblem(d.regex);
    if (problem) fail('request.invalid', `The regular expression ${problem}`, 'body.regex');
  }
}

/**
 * An admin's format checked on what visitors type: with RE2 (linear time), never a backtracking RegExp a
 * crafted value could freeze the server with. A pattern saved before RE2 was required and that RE2 cannot
 * run is not checked (a visitor is not refused for the admin's pattern); saving the field again asks for
 * one it can.
 */
function formatMatches(pattern: string, value: string): boolean {
  try {
    return compileLinear(pattern).test(value);
  } catch {
    return true;
  }
}

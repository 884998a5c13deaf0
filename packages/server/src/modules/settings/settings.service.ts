import {
  clientEffects,
  isSettingKey,
  settingDefinition,
  settingKeys,
  settingsCatalog,
  type SettingEffectSite,
  type SettingKey,
  type SettingValue,
  type SettingValues,
  type SettingView,
} from '@parley/shared';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/bus.js';
import type { Actor } from '../../kernel/http.js';
import type { Logger } from '../../kernel/logger.js';
import { REDACTED, type AuditService } from '../audit/index.js';
import './settings.tables.js';

export type { SettingView };

type ChangeListener = (key: SettingKey) => void;

/**
 * Typed settings: `settings.get('routing.method')`. Values are cached in memory (the hot path never
 * reads the database) and refreshed in every process on `setting.changed`.
 */
export class SettingsService {
  private overrides = new Map<SettingKey, unknown>();
  /** When each cached value was written, so a slow reload never replaces a newer value. */
  private versions = new Map<SettingKey, number>();
  private readonly enforced = new Set<SettingKey>();
  private readonly listeners: ChangeListener[] = [];

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async load(): Promise<void> {
    const rows = await this.db.q.selectFrom('settings').select(['key', 'value', 'updated_at']).execute();
    for (const r of rows) {
      if (!isSettingKey(r.key)) continue; // a setting removed from the catalog
      this.apply(r.key, r.value, r.updated_at.getTime());
    }
  }

  private apply(key: SettingKey, raw: unknown, version: number): boolean {
    if (version < (this.versions.get(key) ?? 0)) return false;
    const parsed = settingDefinition(key).schema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn({ key }, 'stored setting value no longer valid; using the default');
      this.overrides.delete(key);
    } else this.overrides.set(key, parsed.data);
    this.versions.set(key, version);
    return true;
  }

  /** A change committed by another process (or this one): re-read it (settings.listeners.ts). */
  async reload(key: SettingKey): Promise<void> {
    const row = await this.db.kysely
      .selectFrom('settings')
      .select(['value', 'updated_at'])
      .where('key', '=', key)
      .executeTakeFirst();
    if (row && this.apply(key, row.value, row.updated_at.getTime())) for (const l of this.listeners) l(key);
  }

  get<K extends SettingKey>(key: K): SettingValue<K> {
    return (this.overrides.has(key) ? this.overrides.get(key) : settingsCatalog[key].default) as SettingValue<K>;
  }

  /**
   * The value as the caller's transaction sees it. For in-transaction listeners of `setting.changed`:
   * the cache takes a change only after commit, so `get` still answers the old value there.
   */
  async inTransaction<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
    const row = await this.db.q.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    const parsed = row ? settingDefinition(key).schema.safeParse(row.value) : undefined;
    return (parsed?.success ? parsed.data : settingsCatalog[key].default) as SettingValue<K>;
  }

  all(): SettingValues {
    return Object.fromEntries(settingKeys.map((k) => [k, this.get(k)])) as SettingValues;
  }

  /** Modules call this for each setting whose effect they implement. */
  declareEnforced(...keys: SettingKey[]): void {
    for (const k of keys) this.enforced.add(k);
  }

  isEnforced(key: SettingKey): boolean {
    return this.enforcedIn(key) !== undefined;
  }

  /** Where the setting's effect lives: a server module declared it, or the widget or web app has it. */
  enforcedIn(key: SettingKey): SettingEffectSite | undefined {
    return this.enforced.has(key) ? 'server' : clientEffects[key];
  }

  /** Called (in every process) after a setting changed. */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /**
   * Validates every value first; one invalid value rejects the whole request (nothing is saved) with
   * every problem listed and the first one named in `field`. Then saves, audits and emits in one
   * transaction. Returns the keys whose value actually changed.
   */
  async update(input: Record<string, unknown>, actor: Actor, ip?: string): Promise<SettingKey[]> {
    const problems: Array<{ field: string; message: string }> = [];
    const parsed = new Map<SettingKey, unknown>();
    for (const [key, raw] of Object.entries(input)) {
      if (!isSettingKey(key)) {
        // An empty key cannot name itself: the refusal points at the body that carried it.
        problems.push({ field: key === '' ? 'body' : key, message: `${JSON.stringify(key)} is not a setting` });
        continue;
      }
      const r = settingDefinition(key).schema.safeParse(raw);
      if (!r.success) problems.push({ field: key, message: r.error.issues[0]?.message ?? 'invalid' });
      else parsed.set(key, r.data);
    }
    if (problems.length > 0) {
      const first = problems[0]!;
      const unknown = !isSettingKey(first.field);
      fail(
        unknown ? 'setting.unknown' : 'setting.invalid',
        unknown ? first.message : `${first.field}: ${first.message}`,
        first.field,
        { problems },
      );
    }
    if (parsed.size === 0) fail('request.invalid', 'No settings to change', 'body');

    const now = this.clock.now();
    const actorId = actor.kind === 'staff' ? actor.userId : null;
    return this.db.tx(async (trx) => {
      const changed: SettingKey[] = [];
      // This process sees its own change as soon as the transaction commits — registered before the
      // events are emitted, so listeners of setting.changed already read the new value.
      this.db.afterCommit(() => {
        for (const key of changed) {
          if (this.apply(key, JSON.parse(JSON.stringify(parsed.get(key))), now.getTime())) {
            for (const l of this.listeners) l(key);
          }
        }
      });
      for (const [key, value] of parsed) {
        const before = this.get(key);
        if (JSON.stringify(before) === JSON.stringify(value)) continue;
        await trx
          .insertInto('settings')
          .values({ key, value: JSON.stringify(value), updated_at: now, updated_by: actorId })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now, updated_by: actorId }),
          )
          .execute();
        const secret = settingsCatalog[key].type === 'secret';
        await this.audit.record(
          actor,
          {
            action: 'setting.changed',
            targetType: 'setting',
            targetId: key,
            changes: { from: secret ? REDACTED : before, to: secret ? REDACTED : value },
          },
          ip,
        );
        this.bus.emit('setting.changed', { key, actorId });
        changed.push(key);
      }
      return changed;
    });
  }

  /** Every setting with metadata, for admins. Secret values are never returned, only whether set. */
  listForAdmin(): SettingView[] {
    return settingKeys.map((key) => {
      const d = settingDefinition(key);
      const secret = d.type === 'secret';
      const value = this.get(key);
      return {
        key,
        type: d.type,
        group: d.group,
        label: d.label,
        description: d.description,
        public: d.public,
        value: secret ? null : value,
        default: secret ? null : d.default,
        ...(secret ? { isSet: value !== '' } : {}),
        ...(d.values ? { values: d.values } : {}),
        ...(d.min !== undefined ? { min: d.min } : {}),
        ...(d.max !== undefined ? { max: d.max } : {}),
        ...(d.unit ? { unit: d.unit } : {}),
        enforced: this.isEnforced(key),
        ...(this.enforcedIn(key) ? { enforcedIn: this.enforcedIn(key) } : {}),
      };
    });
  }

  /** The current values of these settings. */
  valuesOf(keys: readonly SettingKey[]): Record<string, unknown> {
    return Object.fromEntries(keys.map((k) => [k, this.get(k)]));
  }

  /** Only settings flagged public: what the widget may read without signing in. */
  publicValues(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of settingKeys) if (settingsCatalog[key].public) out[key] = this.get(key);
    return out;
  }
}

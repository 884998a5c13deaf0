import type { BusinessHoursView, HoursStatus, MyHoursView, OpenInterval } from '@parley/shared';
import type { businessHoursBody, holidayBody } from '@parley/shared';
import type { z } from 'zod';
import type { EventBus } from '../../kernel/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail, isUniqueViolation } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/http.js';
import { uuidv7 } from '../../kernel/ids.js';
import type { AuditService } from '../audit/index.js';
import type { SettingsService } from '../settings/index.js';
import { readSchedules, toSchedule, type StoredSchedule } from './business-hours.repo.js';
import { stateAt, type HoursState, type Schedule } from './calendar.js';
import type { HoursTransitions } from './transitions.js';

/** Validated by the route (the shared schemas): times, zone, dates and overlaps are already checked. */
export type ScheduleBody = z.output<typeof businessHoursBody>;
export type HolidayBody = z.output<typeof holidayBody>;

/** Who refers to a schedule (departments, passed in by compose.ts: they come after this module). */
export type ScheduleUsers = (scheduleId: string) => Promise<string[]>;

/** What a department gives to find its hours: its schedule (multiple mode), or none. */
export type HoursSubject = { businessHoursId: string | null } | undefined;

/** The departments an agent serves (departments, passed in by compose.ts). */
export type AgentDepartments = (
  userId: string,
) => Promise<Array<{ id: string; name: string; businessHoursId: string | null }>>;

interface Cached {
  stored: StoredSchedule;
  calendar: Schedule;
  /** The last state computed, valid from `from` until its change (state changes only at that instant). */
  memo?: { from: number; state: HoursState };
}

/**
 * Business hours (issue 14): schedules and their holidays, and whether a department is open now. Read
 * on the routing path, so every schedule is kept in memory (reloaded in every process on
 * `business-hours.changed` after an edit) and "open now?" is computed from it and the clock, remembered
 * until the next change: no query per assignment.
 */
export class BusinessHoursService {
  private cache = new Map<string, Cached>();
  /** The last reload: an answer asked for right after an edit's push waits for it (the push does not). */
  private loading: Promise<void> | undefined;
  private reloads = 0;

  constructor(
    private readonly d: {
      db: Db;
      bus: EventBus;
      audit: AuditService;
      settings: SettingsService;
      clock: Clock;
      transitions: HoursTransitions;
      usersOf: ScheduleUsers;
      departmentsOf: AgentDepartments;
    },
  ) {}

  /** Reads every schedule (at start, and when one changed here or in another process). */
  load(): Promise<void> {
    // Two reloads may finish out of order: only the latest one started may replace the schedules.
    const reload = ++this.reloads;
    this.loading = readSchedules(this.d.db).then((all) => {
      if (reload !== this.reloads) return;
      this.cache = new Map(all.map((s) => [s.id, { stored: s, calendar: toSchedule(s) }]));
    });
    return this.loading;
  }

  list(): BusinessHoursView[] {
    return [...this.cache.values()].map((c) => this.view(c));
  }

  get(id: string): BusinessHoursView {
    const c = this.cache.get(id) ?? fail('business-hours.not-found', undefined, 'params.id');
    return this.view(c);
  }

  /** Does this schedule exist (as the caller's transaction sees it; the foreign key has the last word)? */
  async exists(id: string): Promise<boolean> {
    const row = await this.d.db.q.selectFrom('business_hours').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }

  /** Open at `now` by the schedule alone (whatever businessHours.enabled says). */
  stateOf(id: string): HoursState | undefined {
    const c = this.cache.get(id);
    if (!c) return undefined;
    const now = this.d.clock.now().getTime();
    const m = c.memo;
    if (m && now >= m.from && (m.state.changesAt === null || now < m.state.changesAt)) return m.state;
    const state = stateAt(c.calendar, now);
    c.memo = { from: now, state };
    return state;
  }

  /**
   * The schedule that applies: the default one in single mode; the department's own in multiple mode,
   * or the default for a department without one (and for chats without a department).
   */
  private scheduleFor(subject: HoursSubject): string | undefined {
    const own = subject?.businessHoursId;
    if (this.d.settings.get('businessHours.type') === 'multiple' && own && this.cache.has(own)) return own;
    for (const c of this.cache.values()) if (c.stored.isDefault) return c.stored.id;
    return undefined;
  }

  /** May agents be routed chats here now? Always with business hours off, or no schedule to follow. */
  isOpen(subject: HoursSubject): boolean {
    if (!this.d.settings.get('businessHours.enabled')) return true;
    const id = this.scheduleFor(subject);
    return id === undefined || this.stateOf(id)!.open;
  }

  /** When it opens next, if business hours keep it closed now (null: open, hours off, or never within a year). */
  nextOpening(subject: HoursSubject): Date | null {
    if (this.isOpen(subject)) return null;
    const at = this.stateOf(this.scheduleFor(subject)!)!.changesAt;
    return at === null ? null : new Date(at);
  }

  /**
   * The agent's departments now, each with the schedule that applies (an agent in none serves the chats
   * without one). From memory, like routing: what the workspace shows is what routing does.
   */
  async forAgent(userId: string): Promise<MyHoursView> {
    // Staff sockets hear `business-hours.changed` while this process still reloads the edited schedules.
    await this.loading?.catch(() => undefined);
    if (!this.d.settings.get('businessHours.enabled')) return { enabled: false, departments: [] };
    const own = await this.d.departmentsOf(userId);
    const subjects = own.length > 0 ? own : [{ id: null, name: null, businessHoursId: null }];
    const departments: MyHoursView['departments'] = [];
    for (const dept of subjects) {
      const id = this.scheduleFor(dept);
      if (id === undefined) continue;
      const state = this.stateOf(id)!;
      departments.push({
        departmentId: dept.id,
        name: dept.name,
        timeZone: this.cache.get(id)!.stored.timeZone,
        open: state.open,
        changesAt: state.changesAt === null ? null : new Date(state.changesAt).toISOString(),
      });
    }
    return { enabled: true, departments };
  }

  /** businessHours.* changed (in its transaction): who is open may differ, so routing looks again. */
  settingsChanged(): void {
    this.d.bus.emit('business-hours.changed', { scheduleId: null, reason: 'settings' });
  }

  async create(body: ScheduleBody, actor: Actor): Promise<BusinessHoursView> {
    const now = this.d.clock.now();
    const id = uuidv7(now.getTime());
    await this.write(id, 'business-hours.created', actor, async (q) => {
      // The first schedule is the default: single mode needs one.
      const first = (await q.selectFrom('business_hours').select('id').limit(1).execute()).length === 0;
      const isDefault = first || body.isDefault === true;
      if (isDefault) await q.updateTable('business_hours').set({ is_default: false }).execute();
      await q
        .insertInto('business_hours')
        .values({ id, ...this.row(body), is_default: isDefault, created_at: now, updated_at: now })
        .execute();
      return { name: body.name };
    });
    return this.get(id);
  }

  async replace(id: string, body: ScheduleBody, actor: Actor): Promise<BusinessHoursView> {
    const current = this.get(id);
    if (body.isDefault === false && current.isDefault) {
      fail('business-hours.default-in-use', undefined, 'body.isDefault');
    }
    await this.write(id, 'business-hours.updated', actor, async (q) => {
      if (body.isDefault) await q.updateTable('business_hours').set({ is_default: false }).execute();
      const r = await q
        .updateTable('business_hours')
        .set({ ...this.row(body), ...(body.isDefault ? { is_default: true } : {}), updated_at: this.d.clock.now() })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) fail('business-hours.not-found', undefined, 'params.id');
      return { name: body.name, timeZone: body.timeZone, days: body.days, isDefault: body.isDefault };
    });
    return this.get(id);
  }

  async remove(id: string, actor: Actor): Promise<void> {
    const current = this.get(id);
    if (current.isDefault && this.cache.size > 1) fail('business-hours.default-in-use');
    const users = await this.d.usersOf(id);
    if (users.length > 0) fail('business-hours.in-use', inUse(users));
    try {
      await this.write(id, 'business-hours.deleted', actor, async (q) => {
        await q.deleteFrom('business_hours').where('id', '=', id).execute();
        return { name: current.name };
      });
    } catch (err) {
      // A department took it between the check and the delete: the foreign key refuses.
      if ((err as { code?: string }).code === '23503') fail('business-hours.in-use', inUse(await this.d.usersOf(id)));
      throw err;
    }
  }

  async addHoliday(id: string, h: HolidayBody, actor: Actor): Promise<BusinessHoursView> {
    this.get(id);
    const holidayId = uuidv7(this.d.clock.now().getTime());
    await this.write(id, 'business-hours.holiday-added', actor, async (q) => {
      await q
        .insertInto('business_hours_holidays')
        .values({ id: holidayId, schedule_id: id, ...holidayRow(h), created_at: this.d.clock.now() })
        .execute();
      return { holidayId, ...h };
    });
    return this.get(id);
  }

  async replaceHoliday(id: string, holidayId: string, h: HolidayBody, actor: Actor): Promise<BusinessHoursView> {
    this.get(id);
    await this.write(id, 'business-hours.holiday-updated', actor, async (q) => {
      const r = await q
        .updateTable('business_hours_holidays')
        .set(holidayRow(h))
        .where('id', '=', holidayId)
        .where('schedule_id', '=', id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) fail('business-hours.holiday-not-found', undefined, 'params.holidayId');
      return { holidayId, ...h };
    });
    return this.get(id);
  }

  async removeHoliday(id: string, holidayId: string, actor: Actor): Promise<BusinessHoursView> {
    this.get(id);
    await this.write(id, 'business-hours.holiday-removed', actor, async (q) => {
      const r = await q
        .deleteFrom('business_hours_holidays')
        .where('id', '=', holidayId)
        .where('schedule_id', '=', id)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) fail('business-hours.holiday-not-found', undefined, 'params.holidayId');
      return { holidayId };
    });
    return this.get(id);
  }

  /**
   * One edit: its writes, the audit entry, the event (every process reloads its schedules) and the
   * transition job moved to the new next change, in one transaction; then this process's cache.
   */
  private async write(
    id: string,
    action: string,
    actor: Actor,
    change: (q: Db['q']) => Promise<Record<string, unknown>>,
  ): Promise<void> {
    try {
      await this.d.db.tx(async () => {
        const changes = await change(this.d.db.q);
        await this.d.audit.record(actor, { action, targetType: 'business-hours', targetId: id, changes });
        this.d.bus.emit('business-hours.changed', { scheduleId: id, reason: 'edited' });
        await this.d.transitions.rearm();
      });
    } catch (err) {
      if (isUniqueViolation(err, 'business_hours_name')) fail('business-hours.name-taken', undefined, 'body.name');
      if (isUniqueViolation(err, 'business_hours_holidays_date')) {
        fail('business-hours.holiday-date-taken', undefined, 'body.date');
      }
      throw err;
    }
    await this.load();
  }

  private row(body: ScheduleBody) {
    return { name: body.name, time_zone: body.timeZone, days: JSON.stringify(body.days) };
  }

  private view(c: Cached): BusinessHoursView {
    const s = c.stored;
    const state = this.stateOf(s.id)!;
    const status: HoursStatus = {
      open: state.open,
      changesAt: state.changesAt === null ? null : new Date(state.changesAt).toISOString(),
    };
    return {
      id: s.id,
      name: s.name,
      timeZone: s.timeZone,
      days: s.days,
      isDefault: s.isDefault,
      holidays: s.holidays,
      status,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  }
}

const inUse = (names: string[]) =>
  `Departments use this business hours schedule (${names.join(', ')}); give them another one first`;

function holidayRow(h: { date: string; name: string; closed: boolean; intervals: OpenInterval[] }) {
  return { date: h.date, name: h.name, closed: h.closed, intervals: JSON.stringify(h.intervals) };
}

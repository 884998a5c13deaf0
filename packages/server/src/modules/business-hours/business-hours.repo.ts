import {
  openIntervalSchema,
  weeklyHoursSchema,
  type HolidayView,
  type OpenInterval,
  type WeeklyHours,
} from '@parley/shared';
import { z } from 'zod';
import type { Db } from '../../kernel/db/db.js';
import type { Schedule } from './calendar.js';
import './business-hours.tables.js';

/** A schedule as stored, with its holidays by date. */
export interface StoredSchedule {
  id: string;
  name: string;
  timeZone: string;
  days: WeeklyHours;
  isDefault: boolean;
  holidays: HolidayView[];
  createdAt: Date;
  updatedAt: Date;
}

const intervals = z.array(openIntervalSchema);
/** JSON columns come back parsed on both drivers; a string (a driver that does not parse jsonb) is parsed here. */
const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

/**
 * Every schedule and holiday, as the caller's transaction sees them (there are a handful: the whole set is
 * read at once, by the cache and by the transition job, which must not trust another process's cache).
 */
export async function readSchedules(db: Db): Promise<StoredSchedule[]> {
  const [rows, holidays] = await Promise.all([
    db.q.selectFrom('business_hours').selectAll().orderBy('created_at').orderBy('id').execute(),
    db.q.selectFrom('business_hours_holidays').selectAll().orderBy('date').execute(),
  ]);
  const byId = new Map<string, StoredSchedule>(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        timeZone: r.time_zone,
        days: weeklyHoursSchema.parse(json(r.days)),
        isDefault: r.is_default,
        holidays: [],
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
    ]),
  );
  for (const h of holidays) {
    byId.get(h.schedule_id)?.holidays.push({
      id: h.id,
      date: h.date,
      name: h.name,
      closed: h.closed,
      intervals: intervals.parse(json(h.intervals)),
    });
  }
  return [...byId.values()];
}

/** What the calendar computes with. */
export function toSchedule(s: StoredSchedule): Schedule {
  return {
    id: s.id,
    timeZone: s.timeZone,
    days: s.days,
    specialDays: new Map<string, readonly OpenInterval[]>(s.holidays.map((h) => [h.date, h.closed ? [] : h.intervals])),
  };
}

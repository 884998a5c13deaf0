import type { ColumnType } from 'kysely';

export interface BusinessHoursTable {
  id: string;
  name: string;
  time_zone: string;
  /** WeeklyHours as JSON (written as a string, read parsed). */
  days: ColumnType<unknown, string, string>;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface BusinessHoursHolidaysTable {
  id: string;
  schedule_id: string;
  /** YYYY-MM-DD in the schedule's zone. */
  date: string;
  name: string;
  closed: boolean;
  /** OpenInterval[] as JSON. */
  intervals: ColumnType<unknown, string, string>;
  created_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    business_hours: BusinessHoursTable;
    business_hours_holidays: BusinessHoursHolidaysTable;
  }
}

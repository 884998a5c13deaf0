import { z } from 'zod';

/** The days of a weekly schedule, Monday first (ISO weekday 1..7). */
export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof weekdays)[number];

const MINUTES_A_DAY = 24 * 60;
const MINUTES_A_WEEK = 7 * MINUTES_A_DAY;

/** Minutes since midnight of an `HH:MM` (24:00 is the end of the day). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * True when the platform's time-zone data knows this IANA name (what the server computes with). Only
 * names: offsets such as "+05:30" do not follow daylight saving and are refused by Intl anyway.
 */
export function isKnownTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A calendar date that exists (2026-02-30 does not); plain calendar arithmetic, no time zone involved. */
export function isCalendarDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * One open interval of a day, in the schedule's local time. `closes` must follow `opens` the same day
 * (24:00 is midnight at its end) unless `overnight`, when it closes the next day at or before `opens`.
 */
export const openIntervalSchema = z
  .strictObject({
    opens: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM (00:00 to 23:59)'),
    closes: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time of day, HH:MM (00:00 to 24:00)'),
    overnight: z.boolean().default(false),
  })
  .superRefine((iv, ctx) => {
    const opens = minutesOf(iv.opens);
    const closes = minutesOf(iv.closes);
    if (!iv.overnight && closes <= opens) {
      ctx.addIssue({
        code: 'custom',
        path: ['closes'],
        message: `closes at ${iv.closes}, not after it opens at ${iv.opens}; mark it overnight if it ends the next day`,
      });
    }
    if (iv.overnight && (closes > opens || iv.closes === '24:00')) {
      ctx.addIssue({
        code: 'custom',
        path: ['overnight'],
        message: `an overnight interval closes the next day no later than it opened (${iv.opens}); ${iv.closes} is not`,
      });
    }
  });
export type OpenInterval = z.output<typeof openIntervalSchema>;

const intervalList = z.array(openIntervalSchema).max(12);

/** Where each interval lies in minutes of the week (Monday 00:00 = 0), split at the week's end. */
function weekSpans(day: number, iv: OpenInterval): Array<[number, number]> {
  const start = day * MINUTES_A_DAY + minutesOf(iv.opens);
  const end = day * MINUTES_A_DAY + minutesOf(iv.closes) + (iv.overnight ? MINUTES_A_DAY : 0);
  return end <= MINUTES_A_WEEK
    ? [[start, end]]
    : [
        [start, MINUTES_A_WEEK],
        [0, end - MINUTES_A_WEEK],
      ];
}

const label = (day: string, iv: OpenInterval) => `${day} ${iv.opens}–${iv.closes}${iv.overnight ? ' (overnight)' : ''}`;

/** The weekly hours: intervals per day, none overlapping another (an overnight one included, into the next day). */
export const weeklyHoursSchema = z
  .strictObject(
    Object.fromEntries(weekdays.map((d) => [d, intervalList.default([])])) as Record<
      Weekday,
      z.ZodDefault<typeof intervalList>
    >,
  )
  .superRefine((week, ctx) => {
    const seen: Array<{ span: [number, number]; what: string }> = [];
    weekdays.forEach((day, dayIndex) => {
      week[day].forEach((iv, i) => {
        for (const span of weekSpans(dayIndex, iv)) {
          const clash = seen.find((s) => span[0] < s.span[1] && s.span[0] < span[1]);
          if (clash) {
            ctx.addIssue({ code: 'custom', path: [day, i], message: `overlaps ${clash.what}` });
            return;
          }
        }
        for (const span of weekSpans(dayIndex, iv)) seen.push({ span, what: label(day, iv) });
      });
    });
  });
export type WeeklyHours = z.output<typeof weeklyHoursSchema>;

/** `POST /api/v1/business-hours`, `PUT /api/v1/business-hours/:id`. */
export const businessHoursBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  timeZone: z.string().refine(isKnownTimeZone, 'not a time zone this server knows (an IANA name, e.g. Europe/Berlin)'),
  days: weeklyHoursSchema,
  /** The schedule used in single mode, and by departments without one in multiple mode. */
  isDefault: z.boolean().optional(),
});
export type BusinessHoursInput = z.input<typeof businessHoursBody>;

/** A holiday (closed all day) or special day (other hours) of one schedule. */
export const holidayBody = z
  .strictObject({
    date: z.string().refine(isCalendarDate, 'a date that exists, YYYY-MM-DD'),
    name: z.string().trim().max(100).default(''),
    closed: z.boolean(),
    /** The day's hours instead of the weekday's (only when not closed). */
    intervals: intervalList.default([]),
  })
  .superRefine((h, ctx) => {
    if (h.closed && h.intervals.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['intervals'], message: 'a closed day has no hours' });
    }
    if (!h.closed && h.intervals.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['intervals'], message: 'a special day that is open needs its hours' });
    }
    h.intervals.forEach((iv, i) => {
      const span = weekSpans(0, iv)[0]!;
      const clash = h.intervals.slice(0, i).find((o) => {
        const s = weekSpans(0, o)[0]!;
        return span[0] < s[1] && s[0] < span[1];
      });
      if (clash) ctx.addIssue({ code: 'custom', path: ['intervals', i], message: `overlaps ${label('', clash)}` });
    });
  });
export type HolidayInput = z.input<typeof holidayBody>;

export const holidayViewSchema = z.object({
  id: z.string(),
  date: z.string(),
  name: z.string(),
  closed: z.boolean(),
  intervals: z.array(z.object({ opens: z.string(), closes: z.string(), overnight: z.boolean() })),
});
export type HolidayView = z.infer<typeof holidayViewSchema>;

/** Open now or not, and the next instant that changes (null: no change within a year). */
export const hoursStatusSchema = z.object({ open: z.boolean(), changesAt: z.iso.datetime().nullable() });
export type HoursStatus = z.infer<typeof hoursStatusSchema>;

export const businessHoursViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  days: z.object(
    Object.fromEntries(weekdays.map((d) => [d, holidayViewSchema.shape.intervals])) as Record<
      Weekday,
      typeof holidayViewSchema.shape.intervals
    >,
  ),
  isDefault: z.boolean(),
  holidays: z.array(holidayViewSchema),
  /** By the schedule alone, whether businessHours.enabled is on or not. */
  status: hoursStatusSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type BusinessHoursView = z.infer<typeof businessHoursViewSchema>;

/**
 * The signed-in agent's departments as business hours see them now (issue 14: the workspace says when
 * they are closed and why no chats arrive). `departmentId` null: chats without a department (an agent in
 * none). Only those a schedule governs; none when business hours are off.
 */
export const myHoursViewSchema = z.object({
  enabled: z.boolean(),
  departments: z.array(
    z.object({
      departmentId: z.string().nullable(),
      name: z.string().nullable(),
      /** The schedule's zone: the times are shown as the schedule states them. */
      timeZone: z.string(),
      ...hoursStatusSchema.shape,
    }),
  ),
});
export type MyHoursView = z.infer<typeof myHoursViewSchema>;

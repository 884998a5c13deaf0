import type { DurationStats, LiveSnapshot, RatingView, Report, ReportQuery, SlaBreach } from '@parley/shared';
import { sql, type Expression, type QueryResult, type RawBuilder, type SqlBool } from 'kysely';
import { DateTime, IANAZone } from 'luxon';
import type { Clock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db/db.js';
import { fail } from '../../kernel/errors.js';
import type { StaffActor } from '../../kernel/http.js';
import type { AgentsService } from '../agents/index.js';
import type { ConversationsService } from '../conversations/index.js';
import type { DepartmentsService } from '../departments/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UsersService } from '../users/index.js';
import type { PendingRollups } from './pending.js';
import { ALL, dayOf, hourOf, percentile } from './rollups.js';
import './reports.tables.js';

const DAY = 86_400_000;
const MAX_DAYS = 400;

/** Admins, managers and monitors read every figure; an agent only their own. */
export const seesAll = (actor: StaffActor) =>
  actor.roles.some((r) => r === 'admin' || r === 'manager' || r === 'monitor');

export interface Range {
  from: Date;
  to: Date;
  tz: string;
  wholeHourZone: boolean;
  days: string[];
}

export function zoneOf(tz: string, field = 'query.tz'): string {
  if (!IANAZone.isValidZone(tz)) fail('report.invalid-zone', 'Not an IANA time zone (such as Europe/Berlin)', field);
  return tz;
}

/** [from's local midnight, the local midnight after `to`) in the zone, as instants. */
export function rangeOf(q: Pick<ReportQuery, 'from' | 'to' | 'tz'>): Range {
  const tz = zoneOf(q.tz);
  const from = DateTime.fromISO(q.from, { zone: tz }).startOf('day');
  if (!from.isValid) fail('request.invalid', 'Not a date', 'query.from');
  const last = DateTime.fromISO(q.to, { zone: tz }).startOf('day');
  if (!last.isValid) fail('request.invalid', 'Not a date', 'query.to');
  const to = last.plus({ days: 1 });
  const span = Math.round(last.diff(from, 'days').days) + 1;
  if (span < 1 || span > MAX_DAYS) fail('report.invalid-range', undefined, 'query.to');
  const days: string[] = [];
  for (let d = from; d < to; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  return {
    from: from.toJSDate(),
    to: to.toJSDate(),
    tz,
    wholeHourZone: from.offset % 60 === 0 && to.offset % 60 === 0,
    days,
  };
}

interface Filter {
  departmentId?: string;
  agentId?: string;
  tag?: string;
  channel?: string;
}

/**
 * [from, to) cut into the coarsest buckets that tile it: hours up to the first UTC midnight, days up to
 * the first first-of-month, whole months, then days and hours again. Buckets of a grain start inside.
 */
export function splitRange(from: Date, to: Date): Array<{ grain: number; from: Date; to: Date }> {
  const firstDay = new Date(Math.ceil(from.getTime() / DAY) * DAY);
  const lastDay = new Date(Math.floor(to.getTime() / DAY) * DAY);
  if (firstDay >= lastDay) return [{ grain: 0, from, to }];
  const firstMonth = new Date(
    Date.UTC(firstDay.getUTCFullYear(), firstDay.getUTCMonth() + (firstDay.getUTCDate() === 1 ? 0 : 1), 1),
  );
  const lastMonth = new Date(Date.UTC(lastDay.getUTCFullYear(), lastDay.getUTCMonth(), 1));
  const parts = [{ grain: 0, from, to: firstDay }];
  if (firstMonth < lastMonth) {
    parts.push({ grain: 1, from: firstDay, to: firstMonth });
    parts.push({ grain: 2, from: firstMonth, to: lastMonth });
    parts.push({ grain: 1, from: lastMonth, to: lastDay });
  } else parts.push({ grain: 1, from: firstDay, to: lastDay });
  parts.push({ grain: 0, from: lastDay, to });
  return parts.filter((p) => p.from < p.to);
}

const num = (v: unknown) => Number(v ?? 0);
/** An int[] read as text (`{1,0,3}`): no NULL elements in the rollups' arrays. */
const intArray = (v: string | null): number[] | null =>
  v === null || v === '{}' ? (v ? [] : null) : v.slice(1, -1).split(',').map(Number);
const avg = (sum: unknown, n: unknown) => (num(n) > 0 ? num(sum) / num(n) : null);

/**
 * The reports (docs/reports.md): every figure is a sum over rollup rows of the range — whole UTC days
 * from the day grain, the ragged ends from the hour grain — never a scan of conversations or messages.
 */
export class ReportsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
    private readonly agents: AgentsService,
    private readonly conversations: ConversationsService,
    private readonly pending: PendingRollups,
  ) {}

  /**
   * Runs one report statement with parallel query off. Each reads a few hundred rows by index, but once the
   * rollups hold millions of rows PostgreSQL plans a Parallel Append, and starting its workers (~30 ms here)
   * cost 10–40× the read: at 1,000,000 conversations a year's tables took 40 ms a statement, 1–4 ms without.
   */
  private serial<R>(q: RawBuilder<R>): Promise<QueryResult<R>> {
    return this.db.tx(async () => {
      await sql`set local max_parallel_workers_per_gather = 0`.execute(this.db.q);
      return q.execute(this.db.q);
    });
  }

  /** An agent's reports: the agent filter is theirs, and asking for another's is refused. */
  scoped(actor: StaffActor, f: Filter): Filter {
    if (seesAll(actor)) return f;
    if (f.agentId && f.agentId !== actor.userId)
      fail('auth.forbidden', 'Agents see their own figures only', 'query.agentId');
    return { ...f, agentId: actor.userId };
  }

  /**
   * The rollup rows of the range that match `where`, as a subquery: whole UTC months at grain 2, the whole
   * UTC days around them at grain 1, the hours before and after those at grain 0 — one index range scan of
   * the primary key each (a UNION ALL, not an OR the planner would answer with a scan of the whole table).
   */
  private rangeRows(r: Range, where: Expression<SqlBool>, alias: string) {
    const part = (grain: number, from: Date, to: Date) =>
      sql`select * from report_rollups where grain = ${grain} and ${where} and bucket >= ${from} and bucket < ${to}`;
    const parts = splitRange(r.from, r.to).map((p) => part(p.grain, p.from, p.to));
    return sql`(${sql.join(parts, sql` union all `)}) as ${sql.raw(alias)}`;
  }

  /**
   * The slice of the cube (migration 0027) for the filter: each dimension is the filter's value, or '*'
   * (every one) when not filtered — one row per bucket — except `open`, the dimension a table groups by:
   * its explicit values (the filter's value only, when filtered).
   */
  private slice(f: Filter, open?: 'department_id' | 'agent_id' | 'channel' | 'tag'): Expression<SqlBool> {
    const eq = (col: 'department_id' | 'agent_id' | 'channel', v: string | undefined) => {
      if (v) return sql`${sql.ref(col)} = ${v}`;
      if (open !== col) return sql`${sql.ref(col)} = ${ALL}`;
      // Every explicit value: the agent table leaves out "no agent" ('').
      return col === 'agent_id' ? sql`agent_id not in (${ALL}, '')` : sql`${sql.ref(col)} <> ${ALL}`;
    };
    // The tag table lists every tag, also under a tag filter.
    const tag = open === 'tag' ? sql`tag <> ''` : sql`tag = ${f.tag ?? ''}`;
    return sql<SqlBool>`${tag} and ${eq('department_id', f.departmentId)} and ${eq('agent_id', f.agentId)} and ${eq('channel', f.channel)}`;
  }

  async report(actor: StaffActor, q: ReportQuery): Promise<Report> {
    const r = rangeOf(q);
    const f = this.scoped(actor, q);
    // Every change committed before this report was asked counts (pending.ts: usually folded already).
    await this.pending.foldAll();
    // Four statements, at once (each on its own pooled connection), each reading one slice of the cube.
    const totalsQ = sql<Record<string, unknown>>`select
        sum(started) started, sum(closed) closed, sum(missed) missed, sum(abandoned) abandoned,
        sum(transferred) transferred, sum(fr_n) fr_n, sum(fr_sum) fr_sum, sum(ar_n) ar_n, sum(ar_sum) ar_sum,
        sum(res_n) res_n, sum(res_sum) res_sum, sum(hd_n) hd_n, sum(hd_sum) hd_sum, sum(q_n) q_n, sum(q_sum) q_sum,
        sum(rating_n) rating_n, sum(rating_sum) rating_sum, sum(sla_n) sla_n, sum(sla_met) sla_met,
        report_hist_sum(fr_h) fr_h, report_hist_sum(ar_h) ar_h, report_hist_sum(res_h) res_h,
        report_hist_sum(hd_h) hd_h, report_hist_sum(q_h) q_h, report_hist_sum(rating_h) rating_h
      from ${this.rangeRows(r, this.slice(f), 'r')}`;
    // The tables: by channel, by agent, by department, by tag — one statement, a part per table.
    const tablesQ = sql<Record<string, string>>`
      select 'c' k, channel id, sum(started) started, 0 closed, 0 missed, 0 transferred, 0 fr_n, 0 fr_sum,
        0 hd_n, 0 hd_sum, 0 res_n, 0 res_sum, 0 rating_n, 0 rating_sum
      from ${this.rangeRows(r, this.slice(f, 'channel'), 'c')} group by channel
      union all
      select 'a', agent_id, 0, sum(closed), 0, sum(transferred), sum(fr_n), sum(fr_sum), sum(hd_n), sum(hd_sum),
        0, 0, sum(rating_n), sum(rating_sum)
      from ${this.rangeRows(r, this.slice(f, 'agent_id'), 'a')} group by agent_id
      union all
      select 'd', department_id, sum(started), sum(closed), sum(missed) + sum(abandoned), sum(transferred),
        sum(fr_n), sum(fr_sum), 0, 0, sum(res_n), sum(res_sum), sum(rating_n), sum(rating_sum)
      from ${this.rangeRows(r, this.slice(f, 'department_id'), 'd')} group by department_id
      union all
      (select 't', tag, 0, sum(closed), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
      from ${this.rangeRows(r, this.slice(f, 'tag'), 't')} group by tag
      having sum(closed) > 0 order by 4 desc, 2 limit 100)`;
    // The daily series and the heat map (weekday × hour of starts): the slice's hourly counts, one row per UTC
    // day; the zone's days and hours are worked out here (hourSeries), not per hour in SQL.
    // The arrays as text, parsed here: node-postgres's int[] parser took 5–30 ms for a year's 365 rows.
    const hoursQ = sql<{ day: Date; started: string | null; closed: string | null }>`
      select day, started::text, closed::text from report_hourly
      where ${this.slice(f)} and day >= ${dayOf(r.from)} and day < ${r.to}`;
    // By status: the conversations started in the range as they are now (no department, agent or tag there).
    const statusQ = sql<{ status: string; n: string }>`select status, sum(n) n from report_status_counts
      where bucket >= ${r.from} and bucket < ${r.to} ${f.channel ? sql`and channel = ${f.channel}` : sql``}
      group by status`;
    const [totals, tables, hours, status, depts] = await Promise.all([
      this.serial(totalsQ),
      this.serial(tablesQ),
      this.serial(hoursQ),
      this.serial(statusQ),
      this.departments.list({ includeArchived: true }),
    ]);
    const of = (k: string) => tables.rows.filter((x) => x.k === k);
    const byChannel = { rows: of('c').map((x) => ({ channel: x.id!, n: x.started })) };
    const agentRows: { rows: Array<Record<string, string>> } = {
      rows: of('a').map((x) => ({ ...x, agent_id: x.id! })),
    };
    const deptRows: { rows: Array<Record<string, string>> } = {
      rows: of('d').map((x) => ({ ...x, department_id: x.id! })),
    };
    const tagRows = { rows: of('t').map((x) => ({ tag: x.id!, n: x.closed })) };
    const series = hourSeries(
      r,
      hours.rows.map((h) => ({ day: h.day, started: intArray(h.started), closed: intArray(h.closed) })),
    );

    const t = totals.rows[0] ?? {};
    const bins = (v: unknown) => (Array.isArray(v) ? v.map(num) : []);
    const h = {
      fr: bins(t.fr_h),
      ar: bins(t.ar_h),
      res: bins(t.res_h),
      hd: bins(t.hd_h),
      q: bins(t.q_h),
      rt: bins(t.rating_h),
    };
    const stats = (n: unknown, sum: unknown, bins: number[]): DurationStats => {
      const full = Array.from(bins, (x) => x ?? 0);
      return { count: num(n), avg: avg(sum, n), median: percentile(full, 0.5), p90: percentile(full, 0.9) };
    };
    const names = new Map((await this.users.byIds(agentRows.rows.map((a) => a.agent_id!))).map((u) => [u.id, u.name]));
    const deptNames = new Map(depts.map((d) => [d.id, d.name]));
    const ratingDist = [0, 1, 2, 3, 4].map((i) => Array.from(h.rt, (x) => x ?? 0)[i] ?? 0);
    const slaN = num(t.sla_n);
    return {
      from: q.from,
      to: q.to,
      tz: r.tz,
      wholeHourZone: r.wholeHourZone,
      conversations: {
        started: num(t.started),
        closed: num(t.closed),
        missed: num(t.missed),
        abandoned: num(t.abandoned),
        transferred: num(t.transferred),
        byStatus: Object.fromEntries(status.rows.filter((s) => num(s.n) > 0).map((s) => [s.status, num(s.n)])),
        byChannel: Object.fromEntries(byChannel.rows.filter((c) => num(c.n) > 0).map((c) => [c.channel, num(c.n)])),
      },
      firstResponse: stats(t.fr_n, t.fr_sum, h.fr),
      averageResponse: stats(t.ar_n, t.ar_sum, h.ar),
      resolution: stats(t.res_n, t.res_sum, h.res),
      handling: stats(t.hd_n, t.hd_sum, h.hd),
      queue: stats(t.q_n, t.q_sum, h.q),
      daily: r.days.map((date) => ({
        date,
        started: series.daily.get(date)?.started ?? 0,
        closed: series.daily.get(date)?.closed ?? 0,
      })),
      heatmap: [...series.heat]
        .map(([k, started]) => ({ weekday: Math.floor(k / 100), hour: k % 100, started }))
        .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
      agents: agentRows.rows
        .map((a) => ({
          agentId: a.agent_id!,
          name: names.get(a.agent_id!) ?? a.agent_id!,
          chats: num(a.closed),
          firstResponseAvg: avg(a.fr_sum, a.fr_n),
          handlingAvg: avg(a.hd_sum, a.hd_n),
          transfers: num(a.transferred),
          ratingAvg: avg(a.rating_sum, a.rating_n),
          ratings: num(a.rating_n),
        }))
        .sort((a, b) => b.chats - a.chats || a.name.localeCompare(b.name)),
      departments: deptRows.rows
        .map((d) => ({
          departmentId: d.department_id || null,
          name: d.department_id ? (deptNames.get(d.department_id) ?? d.department_id) : 'No department',
          started: num(d.started),
          closed: num(d.closed),
          missed: num(d.missed),
          transferred: num(d.transferred),
          firstResponseAvg: avg(d.fr_sum, d.fr_n),
          resolutionAvg: avg(d.res_sum, d.res_n),
          ratingAvg: avg(d.rating_sum, d.rating_n),
        }))
        .sort((a, b) => b.started - a.started || a.name.localeCompare(b.name)),
      tags: tagRows.rows.map((x) => ({ tag: x.tag, closed: num(x.n) })),
      csat: {
        enabled: this.settings.get('livechat.csat.enabled'),
        count: num(t.rating_n),
        average: avg(t.rating_sum, t.rating_n),
        distribution: ratingDist,
      },
      sla: { total: slaN, met: num(t.sla_met), compliance: slaN > 0 ? num(t.sla_met) / slaN : null },
    };
  }

  /** The newest 500 SLA breaches of the range (department and agent filters apply). */
  async slaBreaches(actor: StaffActor, q: ReportQuery): Promise<SlaBreach[]> {
    const r = rangeOf(q);
    const f = this.scoped(actor, q);
    let s = this.db.q
      .selectFrom('report_sla_breaches')
      .selectAll()
      .where('closed_at', '>=', r.from)
      .where('closed_at', '<', r.to);
    if (f.departmentId) s = s.where('department_id', '=', f.departmentId);
    if (f.agentId) s = s.where('agent_id', '=', f.agentId);
    const rows = await s.orderBy('closed_at', 'desc').limit(500).execute();
    return rows.map((b) => ({
      conversationId: b.conversation_id,
      closedAt: b.closed_at.toISOString(),
      departmentId: b.department_id,
      agentId: b.agent_id,
      slaId: b.sla_id,
      slaName: b.sla_name,
      dueSeconds: Number(b.due_seconds),
      firstResponseSeconds: b.first_response_seconds === null ? null : Number(b.first_response_seconds),
    }));
  }

  /** The newest 500 ratings of the range (the CSAT report's comments). */
  async ratings(actor: StaffActor, q: ReportQuery): Promise<RatingView[]> {
    const r = rangeOf(q);
    const f = this.scoped(actor, q);
    let s = this.db.q
      .selectFrom('conversation_ratings')
      .selectAll()
      .where('created_at', '>=', r.from)
      .where('created_at', '<', r.to);
    if (f.departmentId) s = s.where('department_id', '=', f.departmentId);
    if (f.agentId) s = s.where('agent_id', '=', f.agentId);
    return (await s.orderBy('created_at', 'desc').limit(500).execute()).map(ratingView);
  }

  /** Live monitoring's starting point (admins, managers, monitors): what is active now, the agents, today's counts. */
  async live(actor: StaffActor, tzIn: string): Promise<LiveSnapshot> {
    const tz = zoneOf(tzIn);
    const now = this.clock.now();
    const todayStart = DateTime.fromJSDate(now, { zone: tz }).startOf('day').toJSDate();
    await this.pending.foldAll();
    const today = await this.serial(sql<{ started: string; closed: string }>`select sum(started) started,
      sum(closed) closed from report_rollups where grain = 0 and ${this.slice({})} and bucket >= ${hourOf(todayStart)}`);
    const conversations = [];
    let cursor: { createdAt: Date; id: string } | undefined;
    for (let page = 0; page < 20; page++) {
      const { items, nextCursor } = await this.conversations.list(actor, {
        status: ['queued', 'open', 'on-hold'],
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      for (const c of items)
        conversations.push({
          id: c.id,
          status: c.status,
          departmentId: c.departmentId,
          agentId: c.agent?.id ?? null,
          channel: c.channel,
          createdAt: c.createdAt,
          queuedAt: c.queuedAt,
        });
      const last = items[items.length - 1];
      if (!nextCursor || !last) break;
      cursor = { createdAt: new Date(last.createdAt), id: last.id };
    }
    const agents = (await this.agents.list()).items.map((a) => ({
      userId: a.userId,
      name: a.name,
      presence: a.presence,
      availability: a.availability,
      maxChats: a.maxChats,
      departmentIds: a.departmentIds,
    }));
    const departments = (await this.departments.list()).map((d) => ({ id: d.id, name: d.name }));
    return {
      at: now.toISOString(),
      tz,
      todayStart: todayStart.toISOString(),
      startedToday: num(today.rows[0]?.started),
      closedToday: num(today.rows[0]?.closed),
      conversations,
      agents,
      departments,
    };
  }
}

const HOUR = 3_600_000;

/**
 * The daily series (started, closed per local day) and the heat map (starts per ISO weekday × local hour)
 * of hourly counts (report_hourly rows: a UTC day, element h = the UTC hour h), in the range's zone. An
 * hour counts in the local hour it starts in. The zone's offset is looked up once per UTC day, and per hour
 * only on the days it changes (DST), so a year is ~400 look-ups and 8,760 additions.
 */
export function hourSeries(
  r: Pick<Range, 'from' | 'to' | 'tz'>,
  rows: Array<{ day: Date; started: number[] | null; closed: number[] | null }>,
): { daily: Map<string, { started: number; closed: number }>; heat: Map<number, number> } {
  const zone = IANAZone.create(r.tz);
  const from = r.from.getTime();
  const to = r.to.getTime();
  const daily = new Map<string, { started: number; closed: number }>();
  const heat = new Map<number, number>();
  for (const row of rows) {
    const day = new Date(row.day).getTime();
    const started = row.started ?? [];
    const closed = row.closed ?? [];
    const first = zone.offset(day);
    const steady = first === zone.offset(day + DAY);
    for (let i = 0; i < Math.max(started.length, closed.length); i++) {
      const s = num(started[i]);
      const c = num(closed[i]);
      const t = day + i * HOUR;
      if ((s === 0 && c === 0) || t < from || t >= to) continue;
      const local = new Date(t + (steady ? first : zone.offset(t)) * 60_000);
      const date = local.toISOString().slice(0, 10);
      const d = daily.get(date) ?? { started: 0, closed: 0 };
      d.started += s;
      d.closed += c;
      daily.set(date, d);
      if (s > 0) {
        const k = (local.getUTCDay() || 7) * 100 + local.getUTCHours();
        heat.set(k, (heat.get(k) ?? 0) + s);
      }
    }
  }
  return { daily, heat };
}

export function ratingView(r: {
  conversation_id: string;
  rating: number;
  comment: string;
  agent_id: string | null;
  department_id: string | null;
  created_at: Date;
}): RatingView {
  return {
    conversationId: r.conversation_id,
    rating: Number(r.rating),
    comment: r.comment,
    agentId: r.agent_id,
    departmentId: r.department_id,
    createdAt: r.created_at.toISOString(),
  };
}

import type { DurationStats, LiveSnapshot, RatingView, Report, ReportQuery, SlaBreach } from '@parley/shared';
import { sql, type Expression, type SqlBool } from 'kysely';
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
import { hourOf, percentile } from './rollups.js';
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
  ) {}

  /** An agent's reports are their own: the agent filter is theirs, and asking for another's is refused. */
  scoped(actor: StaffActor, f: Filter): Filter {
    if (seesAll(actor)) return f;
    if (f.agentId && f.agentId !== actor.userId)
      fail('auth.forbidden', 'Agents see their own figures only', 'query.agentId');
    return { ...f, agentId: actor.userId };
  }

  /**
   * The rows of the range as a subquery: whole UTC months at grain 2, the whole UTC days around them at
   * grain 1, the hours before and after those at grain 0 — one index range scan of the primary key each
   * (a UNION ALL, not an OR the planner would answer with a scan of the whole table). A year is about 12
   * month rows per dimension instead of 365 day rows or 8,760 hour rows.
   */
  private rangeRows(r: Range, dims: Expression<SqlBool>, alias: string) {
    const part = (grain: number, from: Date, to: Date) =>
      sql`select * from report_rollups where grain = ${grain} and bucket >= ${from} and bucket < ${to} and ${dims}`;
    const parts = splitRange(r.from, r.to).map((p) => part(p.grain, p.from, p.to));
    return sql`(${sql.join(parts, sql` union all `)}) as ${sql.raw(alias)}`;
  }

  /** The hour grain over the range (the daily series and the heat map). */
  private hourRows(r: Range, dims: Expression<SqlBool>) {
    return sql`(select * from report_rollups where grain = 0 and bucket >= ${r.from} and bucket < ${r.to} and ${dims}) as h`;
  }

  private dims(f: Filter, opts: { tag?: boolean } = {}): Expression<SqlBool> {
    const parts = [
      f.departmentId ? sql`department_id = ${f.departmentId}` : sql`true`,
      f.agentId ? sql`agent_id = ${f.agentId}` : sql`true`,
      f.channel ? sql`channel = ${f.channel}` : sql`true`,
      opts.tag === false ? sql`true` : sql`tag = ${f.tag ?? ''}`,
    ];
    return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  }

  async report(actor: StaffActor, q: ReportQuery): Promise<Report> {
    const r = rangeOf(q);
    const f = this.scoped(actor, q);
    const rows = this.rangeRows(r, this.dims(f), 'r');
    const hourly = this.hourRows(r, this.dims(f));
    const totals = await sql<Record<string, unknown>>`select
        sum(started) started, sum(closed) closed, sum(missed) missed, sum(abandoned) abandoned,
        sum(transferred) transferred, sum(fr_n) fr_n, sum(fr_sum) fr_sum, sum(ar_n) ar_n, sum(ar_sum) ar_sum,
        sum(res_n) res_n, sum(res_sum) res_sum, sum(hd_n) hd_n, sum(hd_sum) hd_sum, sum(q_n) q_n, sum(q_sum) q_sum,
        sum(rating_n) rating_n, sum(rating_sum) rating_sum, sum(sla_n) sla_n, sum(sla_met) sla_met
      from ${rows}`.execute(this.db.q);
    const hist = await sql<{ i: string; fr: string; ar: string; res: string; hd: string; q: string; rt: string }>`
      select u.i, sum(u.a) fr, sum(u.b) ar, sum(u.c) res, sum(u.d) hd, sum(u.e) q, sum(u.f) rt
      from ${rows},
        unnest(r.fr_h, r.ar_h, r.res_h, r.hd_h, r.q_h, r.rating_h) with ordinality as u(a, b, c, d, e, f, i)
      group by u.i order by u.i`.execute(this.db.q);
    const byChannel = await sql<{ channel: string; n: string }>`select channel, sum(started) n
      from ${rows} group by channel`.execute(this.db.q);
    const daily = await sql<{ d: string; started: string; closed: string }>`
      select to_char(bucket at time zone ${r.tz}, 'YYYY-MM-DD') d, sum(started) started, sum(closed) closed
      from ${hourly} group by 1`.execute(this.db.q);
    const heat = await sql<{ wd: string; h: string; n: string }>`
      select extract(isodow from bucket at time zone ${r.tz})::int wd, extract(hour from bucket at time zone ${r.tz})::int h,
        sum(started) n
      from ${hourly} where started > 0 group by 1, 2`.execute(this.db.q);
    const agentRows = await sql<Record<string, string>>`select agent_id, sum(closed) closed, sum(fr_n) fr_n,
        sum(fr_sum) fr_sum, sum(hd_n) hd_n, sum(hd_sum) hd_sum, sum(transferred) transferred,
        sum(rating_n) rating_n, sum(rating_sum) rating_sum
      from ${rows} where agent_id <> '' group by agent_id`.execute(this.db.q);
    const deptRows = await sql<Record<string, string>>`select department_id, sum(started) started, sum(closed) closed,
        sum(missed) + sum(abandoned) missed, sum(transferred) transferred, sum(fr_n) fr_n, sum(fr_sum) fr_sum,
        sum(res_n) res_n, sum(res_sum) res_sum, sum(rating_n) rating_n, sum(rating_sum) rating_sum
      from ${rows} group by department_id`.execute(this.db.q);
    const tagRows = await sql<{ tag: string; n: string }>`select tag, sum(closed) n
      from ${this.rangeRows(r, this.dims(f, { tag: false }), 't')} where tag <> '' group by tag
      having sum(closed) > 0 order by 2 desc, 1 limit 100`.execute(this.db.q);
    // By status: the conversations started in the range as they are now (no department, agent or tag there).
    const status = await sql<{ status: string; n: string }>`select status, sum(n) n from report_status_counts
      where bucket >= ${r.from} and bucket < ${r.to} ${f.channel ? sql`and channel = ${f.channel}` : sql``}
      group by status`.execute(this.db.q);

    const t = totals.rows[0] ?? {};
    const h = {
      fr: [] as number[],
      ar: [] as number[],
      res: [] as number[],
      hd: [] as number[],
      q: [] as number[],
      rt: [] as number[],
    };
    for (const row of hist.rows) {
      const i = Number(row.i) - 1;
      h.fr[i] = num(row.fr);
      h.ar[i] = num(row.ar);
      h.res[i] = num(row.res);
      h.hd[i] = num(row.hd);
      h.q[i] = num(row.q);
      h.rt[i] = num(row.rt);
    }
    const stats = (n: unknown, sum: unknown, bins: number[]): DurationStats => {
      const full = Array.from(bins, (x) => x ?? 0);
      return { count: num(n), avg: avg(sum, n), median: percentile(full, 0.5), p90: percentile(full, 0.9) };
    };
    const names = new Map((await this.users.byIds(agentRows.rows.map((a) => a.agent_id!))).map((u) => [u.id, u.name]));
    const deptNames = new Map((await this.departments.list({ includeArchived: true })).map((d) => [d.id, d.name]));
    const dailyBy = new Map(daily.rows.map((d) => [d.d, d]));
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
        started: num(dailyBy.get(date)?.started),
        closed: num(dailyBy.get(date)?.closed),
      })),
      heatmap: heat.rows
        .map((x) => ({ weekday: num(x.wd), hour: num(x.h), started: num(x.n) }))
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
    const today = await sql<{ started: string; closed: string }>`select sum(started) started, sum(closed) closed
      from report_rollups where grain = 0 and tag = '' and bucket >= ${hourOf(todayStart)}`.execute(this.db.q);
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

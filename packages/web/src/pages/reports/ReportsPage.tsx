import type { ConversationStatus, DurationStats, Report } from '@parley/shared';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useCatalogs } from '../../api/catalogs';
import { errorMessage } from '../../api/client';
import { reportsApi } from '../../api/reports';
import { Alert } from '../../components/Alert';
import { dateFormat, formatDateTime, formatDuration, formatNumber } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { Link, setQuery, useQuery } from '../../lib/router';
import { allowed, useSession } from '../../lib/session';
import { t } from '../../i18n';
import { statusLabel } from '../conversation/status';
import { downloadCsv, type Cell } from './csv';
import { DailyChart } from './DailyChart';
import './reports.css';

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
/** Weekday names for the CSV export (machine-readable: English); the page shows the locale's own names. */
const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** 1 January 2024 was a Monday: weekday `d` (1 = Monday) at hour `h`, as a UTC date to format. */
const weekdayAt = (d: number, h = 0) => new Date(Date.UTC(2024, 0, d, h));
const weekdayName = (d: number) => dateFormat({ weekday: 'short', timeZone: 'UTC' }).format(weekdayAt(d));
const weekdayHour = (d: number, h: number) =>
  dateFormat({ weekday: 'short', hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(weekdayAt(d, h));
const fixed = (v: number | null, digits = 1) =>
  v === null ? '—' : formatNumber(v, { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percent = (v: number | null) =>
  v === null ? '—' : formatNumber(v, { style: 'percent', maximumFractionDigits: 1 });
const statuses: readonly string[] = ['queued', 'open', 'on-hold', 'closed'] satisfies ConversationStatus[];
const statusText = (s: string) => (statuses.includes(s) ? statusLabel(s as ConversationStatus) : s);

/** A table with its heading and an Export CSV button (the same rows as shown, raw numbers). */
function Section(props: {
  title: string;
  csv?: { file: string; header: string[]; rows: Cell[][] };
  children: ReactNode;
}) {
  const csv = props.csv;
  return (
    <section className="card table-card report-section" aria-label={props.title}>
      <div className="report-section-head">
        <h2>{props.title}</h2>
        {csv && (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => downloadCsv(csv.file, csv.header, csv.rows)}
          >
            <span aria-hidden="true">{t('Export CSV')}</span>
            <span className="visually-hidden">{t('Export CSV of {title}', { title: props.title })}</span>
          </button>
        )}
      </div>
      {props.children}
    </section>
  );
}

function Stat(props: { label: string; value: ReactNode }) {
  return (
    <div className="card report-card">
      <div className="report-value">{props.value}</div>
      <div className="report-label">{props.label}</div>
    </div>
  );
}

/**
 * Reports over a date range in a time zone (issue 21): conversations, times, busiest hours, agents,
 * departments, tags, CSAT and SLA — all from the server's rollups; every table and the chart export CSV.
 * Agents see their own figures only.
 */
export function ReportsPage() {
  const q = useQuery();
  const { user } = useSession();
  const supervisor = allowed(user, ['admin', 'manager', 'monitor']);
  const today = new Date();
  const from = q.get('from') ?? isoDay(new Date(today.getTime() - 29 * 86_400_000));
  const to = q.get('to') ?? isoDay(today);
  const tz = q.get('tz') ?? localZone();
  const departmentId = q.get('department') ?? '';
  const agentId = q.get('agent') ?? '';
  const tag = q.get('tag') ?? '';
  const channel = q.get('channel') ?? '';
  const query = {
    from,
    to,
    tz,
    departmentId: departmentId || undefined,
    agentId: agentId || undefined,
    tag: tag || undefined,
    channel: channel || undefined,
  };
  const key = [from, to, tz, departmentId, agentId, tag, channel];
  const report = useAsync(() => reportsApi.report(query), key);
  const breaches = useAsync(() => reportsApi.slaBreaches(query), key);
  const ratings = useAsync(() => reportsApi.ratings(query), key);
  const catalogs = useCatalogs();
  const [form, setForm] = useState({ from, to, tz, tag, channel });
  useEffect(() => setForm({ from, to, tz, tag, channel }), [from, to, tz, tag, channel]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ from: form.from, to: form.to, tz: form.tz.trim(), tag: form.tag.trim(), channel: form.channel.trim() });
  };
  const r = report.data;
  const suffix = `${from}_${to}`;
  const deptName = (id: string | null) =>
    id ? (catalogs?.departments.find((d) => d.id === id)?.name ?? id) : 'No department';

  return (
    <>
      <PageHeader
        title={t('Reports')}
        description={supervisor ? t('Figures of every department and agent.') : t('Your own figures.')}
        actions={
          supervisor && (
            <Link className="btn btn-secondary" to="/monitoring">
              {t('Live monitoring')}
            </Link>
          )
        }
      />
      <form className="card toolbar" aria-label={t('Report filters')} onSubmit={apply}>
        <label className="toolbar-field">
          {t('From')}
          <input
            type="date"
            name="from"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </label>
        <label className="toolbar-field">
          {t('To')}
          <input type="date" name="to" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </label>
        <label className="toolbar-field">
          {t('Time zone')}
          <input name="tz" value={form.tz} onChange={(e) => setForm({ ...form, tz: e.target.value })} />
        </label>
        {supervisor && (
          <label className="toolbar-field">
            {t('Department')}
            <select value={departmentId} onChange={(e) => setQuery({ department: e.target.value })}>
              <option value="">{t('All departments')}</option>
              {catalogs?.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {supervisor && (
          <label className="toolbar-field">
            {t('Agent')}
            <select value={agentId} onChange={(e) => setQuery({ agent: e.target.value })}>
              <option value="">{t('All agents')}</option>
              {Object.entries(catalogs?.agentNames ?? {}).map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="toolbar-field">
          {t('Tag')}
          <input name="tag" value={form.tag} onChange={(e) => setForm({ ...form, tag: e.target.value })} />
        </label>
        <label className="toolbar-field">
          {t('Channel')}
          <input
            name="channel"
            value={form.channel}
            placeholder="widget"
            onChange={(e) => setForm({ ...form, channel: e.target.value })}
          />
        </label>
        <button type="submit" className="btn btn-primary">
          {t('Show')}
        </button>
      </form>

      {report.error !== undefined && (
        <Alert tone="error" title={t('The report could not be made.')}>
          {errorMessage(report.error)}
        </Alert>
      )}
      {report.loading && !r && <Loading />}
      {r && <ReportBody r={r} suffix={suffix} deptName={deptName} />}

      {r && (
        <Section
          title={t('CSAT comments')}
          csv={{
            file: `csat_${suffix}.csv`,
            header: ['conversation', 'rating', 'comment', 'agent', 'department', 'rated at'],
            rows: (ratings.data?.items ?? []).map((x) => [
              x.conversationId,
              x.rating,
              x.comment,
              x.agentId ? (catalogs?.agentNames[x.agentId] ?? x.agentId) : '',
              deptName(x.departmentId),
              x.createdAt,
            ]),
          }}
        >
          <p className="section-intro" style={{ padding: '0 14px' }}>
            {r.csat.enabled
              ? t('Visitors are asked to rate each conversation.')
              : t('Rating is turned off (Settings → Livechat).')}{' '}
            {t(
              '{count, plural, one {# rating, average {average}; 1–5: {distribution}.} other {# ratings, average {average}; 1–5: {distribution}.}}',
              {
                count: r.csat.count,
                average: fixed(r.csat.average),
                distribution: r.csat.distribution.map((n) => formatNumber(n)).join(' / '),
              },
            )}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('Rating')}</th>
                <th scope="col">{t('Comment')}</th>
                <th scope="col">{t('Agent')}</th>
                <th scope="col">{t('When')}</th>
              </tr>
            </thead>
            <tbody>
              {(ratings.data?.items ?? []).map((x) => (
                <tr key={x.conversationId}>
                  <td>{x.rating} / 5</td>
                  <td className="cell-break">{x.comment || '—'}</td>
                  <td>{x.agentId ? (catalogs?.agentNames[x.agentId] ?? '—') : '—'}</td>
                  <td className="cell-nowrap">
                    <Link to={`/conversations/${x.conversationId}`}>{formatDateTime(x.createdAt)}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      {r && (
        <Section
          title={t('SLA breaches')}
          csv={{
            file: `sla-breaches_${suffix}.csv`,
            header: [
              'conversation',
              'closed at',
              'policy',
              'due seconds',
              'first response seconds',
              'agent',
              'department',
            ],
            rows: (breaches.data?.items ?? []).map((b) => [
              b.conversationId,
              b.closedAt,
              b.slaName,
              b.dueSeconds,
              b.firstResponseSeconds,
              b.agentId ? (catalogs?.agentNames[b.agentId] ?? b.agentId) : '',
              deptName(b.departmentId),
            ]),
          }}
        >
          <p className="section-intro" style={{ padding: '0 14px' }}>
            {r.sla.total === 0
              ? t('No closed chat of this range had an SLA policy.')
              : t(
                  '{total, plural, one {{met} of # chat with an SLA policy was first answered in time ({percent}).} other {{met} of # chats with an SLA policy were first answered in time ({percent}).}}',
                  { met: r.sla.met, total: r.sla.total, percent: percent(r.sla.compliance) },
                )}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('Closed')}</th>
                <th scope="col">{t('Policy')}</th>
                <th scope="col">{t('Due')}</th>
                <th scope="col">{t('First response')}</th>
                <th scope="col">{t('Agent')}</th>
              </tr>
            </thead>
            <tbody>
              {(breaches.data?.items ?? []).map((b) => (
                <tr key={b.conversationId}>
                  <td className="cell-nowrap">
                    <Link to={`/conversations/${b.conversationId}`}>{formatDateTime(b.closedAt)}</Link>
                  </td>
                  <td>{b.slaName}</td>
                  <td>{formatDuration(b.dueSeconds)}</td>
                  <td>
                    {b.firstResponseSeconds === null ? t('Never answered') : formatDuration(b.firstResponseSeconds)}
                  </td>
                  <td>{b.agentId ? (catalogs?.agentNames[b.agentId] ?? '—') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
    </>
  );
}

function ReportBody({ r, suffix, deptName }: { r: Report; suffix: string; deptName: (id: string | null) => string }) {
  const c = r.conversations;
  const times: Array<[string, DurationStats]> = [
    ['First response', r.firstResponse],
    ['Average response', r.averageResponse],
    ['Resolution', r.resolution],
    ['Handling', r.handling],
    ['Time in queue', r.queue],
  ];
  const heat = new Map(r.heatmap.map((h) => [`${h.weekday}-${h.hour}`, h.started]));
  const heatMax = Math.max(1, ...r.heatmap.map((h) => h.started));
  return (
    <>
      {!r.wholeHourZone && (
        <Alert tone="info">
          {t(
            "{tz} is not a whole number of hours from UTC: figures are kept per UTC hour, so each hour counts in the local hour it starts in and the range's ends move by up to half an hour.",
            { tz: r.tz },
          )}
        </Alert>
      )}
      <div className="report-cards" aria-label={t('Totals')}>
        <Stat label={t('Started')} value={formatNumber(c.started)} />
        <Stat label={t('Closed')} value={formatNumber(c.closed)} />
        <Stat label={t('Missed')} value={formatNumber(c.missed)} />
        <Stat label={t('Abandoned')} value={formatNumber(c.abandoned)} />
        <Stat label={t('Transferred')} value={formatNumber(c.transferred)} />
        <Stat label={t('CSAT (1–5)')} value={fixed(r.csat.average)} />
        <Stat label={t('SLA met')} value={percent(r.sla.compliance)} />
      </div>
      <Section
        title={t('Conversations per day')}
        csv={{
          file: `conversations-per-day_${suffix}.csv`,
          header: ['date', 'started', 'closed'],
          rows: r.daily.map((d) => [d.date, d.started, d.closed]),
        }}
      >
        <DailyChart days={r.daily} />
      </Section>
      <Section
        title={t('Times')}
        csv={{
          file: `times_${suffix}.csv`,
          header: ['measure', 'count', 'average seconds', 'median seconds', 'p90 seconds'],
          rows: times.map(([name, s]) => [name, s.count, s.avg, s.median, s.p90]),
        }}
      >
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('Measure')}</th>
              <th scope="col">{t('Chats')}</th>
              <th scope="col">{t('Average')}</th>
              <th scope="col">{t('Median')}</th>
              <th scope="col">{t('90th percentile')}</th>
            </tr>
          </thead>
          <tbody>
            {times.map(([name, s]) => (
              <tr key={name}>
                <th scope="row">{t(name)}</th>
                <td>{formatNumber(s.count)}</td>
                <td>{formatDuration(s.avg)}</td>
                <td>{formatDuration(s.median)}</td>
                <td>{formatDuration(s.p90)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section
        title={t('By status and channel')}
        csv={{
          file: `status-channel_${suffix}.csv`,
          header: ['kind', 'value', 'conversations'],
          rows: [
            ...Object.entries(c.byStatus).map(([k, n]) => ['status', k, n]),
            ...Object.entries(c.byChannel).map(([k, n]) => ['channel', k, n]),
          ],
        }}
      >
        <table className="table">
          <tbody>
            {Object.entries(c.byStatus).map(([k, n]) => (
              <tr key={`s-${k}`}>
                <th scope="row">{t('Status: {status}', { status: statusText(k) })}</th>
                <td>{formatNumber(n)}</td>
              </tr>
            ))}
            {Object.entries(c.byChannel).map(([k, n]) => (
              <tr key={`c-${k}`}>
                <th scope="row">{t('Channel: {channel}', { channel: k })}</th>
                <td>{formatNumber(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section
        title={t('Busiest hours')}
        csv={{
          file: `busiest-hours_${suffix}.csv`,
          header: ['weekday', 'hour', 'started'],
          rows: r.heatmap.map((h) => [weekdays[h.weekday - 1], h.hour, h.started]),
        }}
      >
        <table className="table heatmap">
          <caption className="visually-hidden">
            {t('Conversations started by weekday and hour ({tz})', { tz: r.tz })}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t('Weekday')}</span>
              </th>
              {Array.from({ length: 24 }, (_, h) => (
                <th key={h} scope="col">
                  {formatNumber(h)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weekdays.map((day, i) => (
              <tr key={day}>
                <th scope="row">{weekdayName(i + 1)}</th>
                {Array.from({ length: 24 }, (_, h) => {
                  const n = heat.get(`${i + 1}-${h}`) ?? 0;
                  return (
                    <td
                      key={h}
                      title={`${weekdayHour(i + 1, h)} – ${formatNumber(n)}`}
                      style={{ background: n ? `rgba(37, 99, 235, ${0.12 + (0.78 * n) / heatMax})` : undefined }}
                    >
                      {n ? formatNumber(n) : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section
        title={t('Agents')}
        csv={{
          file: `agents_${suffix}.csv`,
          header: ['agent', 'chats', 'first response avg s', 'handling avg s', 'transfers', 'rating avg', 'ratings'],
          rows: r.agents.map((a) => [
            a.name,
            a.chats,
            a.firstResponseAvg,
            a.handlingAvg,
            a.transfers,
            a.ratingAvg,
            a.ratings,
          ]),
        }}
      >
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('Agent')}</th>
              <th scope="col">{t('Chats')}</th>
              <th scope="col">{t('First response')}</th>
              <th scope="col">{t('Handling')}</th>
              <th scope="col">{t('Transfers')}</th>
              <th scope="col">{t('Rating')}</th>
            </tr>
          </thead>
          <tbody>
            {r.agents.map((a) => (
              <tr key={a.agentId}>
                <th scope="row">{a.name}</th>
                <td>{formatNumber(a.chats)}</td>
                <td>{formatDuration(a.firstResponseAvg)}</td>
                <td>{formatDuration(a.handlingAvg)}</td>
                <td>{formatNumber(a.transfers)}</td>
                <td>{a.ratings ? `${fixed(a.ratingAvg)} (${formatNumber(a.ratings)})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section
        title={t('Departments')}
        csv={{
          file: `departments_${suffix}.csv`,
          header: [
            'department',
            'started',
            'closed',
            'missed',
            'transferred',
            'first response avg s',
            'resolution avg s',
            'rating avg',
          ],
          rows: r.departments.map((d) => [
            deptName(d.departmentId),
            d.started,
            d.closed,
            d.missed,
            d.transferred,
            d.firstResponseAvg,
            d.resolutionAvg,
            d.ratingAvg,
          ]),
        }}
      >
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('Department')}</th>
              <th scope="col">{t('Started')}</th>
              <th scope="col">{t('Closed')}</th>
              <th scope="col">{t('Missed')}</th>
              <th scope="col">{t('Transferred')}</th>
              <th scope="col">{t('First response')}</th>
              <th scope="col">{t('Resolution')}</th>
              <th scope="col">{t('Rating')}</th>
            </tr>
          </thead>
          <tbody>
            {r.departments.map((d) => (
              <tr key={d.departmentId ?? 'none'}>
                <th scope="row">{d.name}</th>
                <td>{formatNumber(d.started)}</td>
                <td>{formatNumber(d.closed)}</td>
                <td>{formatNumber(d.missed)}</td>
                <td>{formatNumber(d.transferred)}</td>
                <td>{formatDuration(d.firstResponseAvg)}</td>
                <td>{formatDuration(d.resolutionAvg)}</td>
                <td>{fixed(d.ratingAvg)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section
        title={t('Tags')}
        csv={{ file: `tags_${suffix}.csv`, header: ['tag', 'closed'], rows: r.tags.map((g) => [g.tag, g.closed]) }}
      >
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('Tag')}</th>
              <th scope="col">{t('Closed chats')}</th>
            </tr>
          </thead>
          <tbody>
            {r.tags.map((g) => (
              <tr key={g.tag}>
                <th scope="row" className="cell-break">
                  {g.tag}
                </th>
                <td>{formatNumber(g.closed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}

import type { DurationStats, Report } from '@parley/shared';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useCatalogs } from '../../api/catalogs';
import { errorMessage } from '../../api/client';
import { reportsApi } from '../../api/reports';
import { Alert } from '../../components/Alert';
import { formatDateTime, formatDuration } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { Link, setQuery, useQuery } from '../../lib/router';
import { allowed, useSession } from '../../lib/session';
import { downloadCsv, type Cell } from './csv';
import { DailyChart } from './DailyChart';
import './reports.css';

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const fixed = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));
const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10} %`);

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
            Export CSV<span className="visually-hidden"> of {props.title}</span>
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
        title="Reports"
        description={supervisor ? 'Figures of every department and agent.' : 'Your own figures.'}
        actions={
          supervisor && (
            <Link className="btn btn-secondary" to="/monitoring">
              Live monitoring
            </Link>
          )
        }
      />
      <form className="card toolbar" aria-label="Report filters" onSubmit={apply}>
        <label className="toolbar-field">
          From
          <input
            type="date"
            name="from"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </label>
        <label className="toolbar-field">
          To
          <input type="date" name="to" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </label>
        <label className="toolbar-field">
          Time zone
          <input name="tz" value={form.tz} onChange={(e) => setForm({ ...form, tz: e.target.value })} />
        </label>
        {supervisor && (
          <label className="toolbar-field">
            Department
            <select value={departmentId} onChange={(e) => setQuery({ department: e.target.value })}>
              <option value="">All departments</option>
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
            Agent
            <select value={agentId} onChange={(e) => setQuery({ agent: e.target.value })}>
              <option value="">All agents</option>
              {Object.entries(catalogs?.agentNames ?? {}).map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="toolbar-field">
          Tag
          <input name="tag" value={form.tag} onChange={(e) => setForm({ ...form, tag: e.target.value })} />
        </label>
        <label className="toolbar-field">
          Channel
          <input
            name="channel"
            value={form.channel}
            placeholder="widget"
            onChange={(e) => setForm({ ...form, channel: e.target.value })}
          />
        </label>
        <button type="submit" className="btn btn-primary">
          Show
        </button>
      </form>

      {report.error !== undefined && (
        <Alert tone="error" title="The report could not be made.">
          {errorMessage(report.error)}
        </Alert>
      )}
      {report.loading && !r && <Loading />}
      {r && <ReportBody r={r} suffix={suffix} deptName={deptName} />}

      {r && (
        <Section
          title="CSAT comments"
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
              ? 'Visitors are asked to rate each conversation.'
              : 'Rating is turned off (Settings → Livechat).'}{' '}
            {r.csat.count} ratings, average {fixed(r.csat.average)}; 1–5: {r.csat.distribution.join(' / ')}.
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Rating</th>
                <th scope="col">Comment</th>
                <th scope="col">Agent</th>
                <th scope="col">When</th>
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
          title="SLA breaches"
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
              ? 'No closed chat of this range had an SLA policy.'
              : `${r.sla.met} of ${r.sla.total} chats with an SLA policy were first answered in time (${percent(r.sla.compliance)}).`}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Closed</th>
                <th scope="col">Policy</th>
                <th scope="col">Due</th>
                <th scope="col">First response</th>
                <th scope="col">Agent</th>
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
                  <td>{b.firstResponseSeconds === null ? 'Never answered' : formatDuration(b.firstResponseSeconds)}</td>
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
          {r.tz} is not a whole number of hours from UTC: figures are kept per UTC hour, so each hour counts in the
          local hour it starts in and the range's ends move by up to half an hour.
        </Alert>
      )}
      <div className="report-cards" aria-label="Totals">
        <Stat label="Started" value={c.started} />
        <Stat label="Closed" value={c.closed} />
        <Stat label="Missed" value={c.missed} />
        <Stat label="Abandoned" value={c.abandoned} />
        <Stat label="Transferred" value={c.transferred} />
        <Stat label="CSAT (1–5)" value={fixed(r.csat.average)} />
        <Stat label="SLA met" value={percent(r.sla.compliance)} />
      </div>
      <Section
        title="Conversations per day"
        csv={{
          file: `conversations-per-day_${suffix}.csv`,
          header: ['date', 'started', 'closed'],
          rows: r.daily.map((d) => [d.date, d.started, d.closed]),
        }}
      >
        <DailyChart days={r.daily} />
      </Section>
      <Section
        title="Times"
        csv={{
          file: `times_${suffix}.csv`,
          header: ['measure', 'count', 'average seconds', 'median seconds', 'p90 seconds'],
          rows: times.map(([name, s]) => [name, s.count, s.avg, s.median, s.p90]),
        }}
      >
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Chats</th>
              <th scope="col">Average</th>
              <th scope="col">Median</th>
              <th scope="col">90th percentile</th>
            </tr>
          </thead>
          <tbody>
            {times.map(([name, s]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{s.count}</td>
                <td>{formatDuration(s.avg)}</td>
                <td>{formatDuration(s.median)}</td>
                <td>{formatDuration(s.p90)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section
        title="By status and channel"
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
                <th scope="row">Status: {k}</th>
                <td>{n}</td>
              </tr>
            ))}
            {Object.entries(c.byChannel).map(([k, n]) => (
              <tr key={`c-${k}`}>
                <th scope="row">Channel: {k}</th>
                <td>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section
        title="Busiest hours"
        csv={{
          file: `busiest-hours_${suffix}.csv`,
          header: ['weekday', 'hour', 'started'],
          rows: r.heatmap.map((h) => [weekdays[h.weekday - 1], h.hour, h.started]),
        }}
      >
        <table className="table heatmap">
          <caption className="visually-hidden">Conversations started by weekday and hour ({r.tz})</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Weekday</span>
              </th>
              {Array.from({ length: 24 }, (_, h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weekdays.map((name, i) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {Array.from({ length: 24 }, (_, h) => {
                  const n = heat.get(`${i + 1}-${h}`) ?? 0;
                  return (
                    <td
                      key={h}
                      title={`${name} ${h}:00 – ${n}`}
                      style={{ background: n ? `rgba(37, 99, 235, ${0.12 + (0.78 * n) / heatMax})` : undefined }}
                    >
                      {n || ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section
        title="Agents"
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
              <th scope="col">Agent</th>
              <th scope="col">Chats</th>
              <th scope="col">First response</th>
              <th scope="col">Handling</th>
              <th scope="col">Transfers</th>
              <th scope="col">Rating</th>
            </tr>
          </thead>
          <tbody>
            {r.agents.map((a) => (
              <tr key={a.agentId}>
                <th scope="row">{a.name}</th>
                <td>{a.chats}</td>
                <td>{formatDuration(a.firstResponseAvg)}</td>
                <td>{formatDuration(a.handlingAvg)}</td>
                <td>{a.transfers}</td>
                <td>{a.ratings ? `${fixed(a.ratingAvg)} (${a.ratings})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section
        title="Departments"
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
              <th scope="col">Department</th>
              <th scope="col">Started</th>
              <th scope="col">Closed</th>
              <th scope="col">Missed</th>
              <th scope="col">Transferred</th>
              <th scope="col">First response</th>
              <th scope="col">Resolution</th>
              <th scope="col">Rating</th>
            </tr>
          </thead>
          <tbody>
            {r.departments.map((d) => (
              <tr key={d.departmentId ?? 'none'}>
                <th scope="row">{d.name}</th>
                <td>{d.started}</td>
                <td>{d.closed}</td>
                <td>{d.missed}</td>
                <td>{d.transferred}</td>
                <td>{formatDuration(d.firstResponseAvg)}</td>
                <td>{formatDuration(d.resolutionAvg)}</td>
                <td>{fixed(d.ratingAvg)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section
        title="Tags"
        csv={{ file: `tags_${suffix}.csv`, header: ['tag', 'closed'], rows: r.tags.map((t) => [t.tag, t.closed]) }}
      >
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col">Closed chats</th>
            </tr>
          </thead>
          <tbody>
            {r.tags.map((t) => (
              <tr key={t.tag}>
                <th scope="row" className="cell-break">
                  {t.tag}
                </th>
                <td>{t.closed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}

import type { Availability, Presence, ServerFrame } from '@parley/shared';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import { reportsApi } from '../../api/reports';
import { Alert } from '../../components/Alert';
import { formatElapsed } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useNow } from '../../components/useNow';
import { Link } from '../../lib/router';
import { useOmni } from '../../workspace/OmniProvider';
import { t } from '../../i18n';
import { downloadCsv } from './csv';
import { applyFrame, byDepartment, fromSnapshot, loads, type LiveState } from './live';
import './reports.css';

type MonitoringFrame = Extract<ServerFrame, { type: 'monitoring.conversation' | 'monitoring.agent' }>;
const isMonitoring = (f: ServerFrame): f is MonitoringFrame =>
  f.type === 'monitoring.conversation' || f.type === 'monitoring.agent';
const presenceLabels: Record<Presence, string> = { online: 'Online', away: 'Away', offline: 'Offline' };
const availabilityLabels: Record<Availability, string> = { available: 'Available', unavailable: 'Unavailable' };

/**
 * Live monitoring (admins, managers, monitors): the snapshot once, then every change pushed over the
 * realtime connection's `monitoring` topic and applied to one entry (no reload, no polling, no recount on
 * the server). Frames that arrive while the snapshot loads are applied after it.
 */
export function MonitoringPage() {
  const omni = useOmni();
  const now = useNow();
  const [state, setState] = useState<LiveState>();
  const [error, setError] = useState<unknown>();
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const held = useRef<MonitoringFrame[] | null>(null);

  useEffect(() => {
    if (!omni) return;
    const { realtime } = omni;
    let live = true;
    const load = () => {
      held.current = [];
      reportsApi.live(tz).then(
        (snap) => {
          if (!live) return;
          let s = fromSnapshot(snap);
          for (const f of held.current ?? []) s = applyFrame(s, f);
          held.current = null;
          setState(s);
          setError(undefined);
        },
        (err: unknown) => live && setError(err),
      );
    };
    const stopFrames = realtime.onFrame((f) => {
      if (!isMonitoring(f)) return;
      if (held.current) held.current.push(f);
      else setState((s) => (s ? applyFrame(s, f) : s));
    });
    const release = realtime.subscribe('monitoring');
    const stopReconnect = realtime.onReconnect(load);
    load();
    return () => {
      live = false;
      stopFrames();
      stopReconnect();
      release();
    };
  }, [omni, tz]);

  const departments = state ? byDepartment(state) : [];
  const load = state ? loads(state) : new Map<string, number>();
  const agents = state ? [...state.agents.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];
  const totals = departments.reduce(
    (t, d) => ({
      queued: t.queued + d.queued,
      open: t.open + d.open,
      onHold: t.onHold + d.onHold,
      longest: d.longestQueuedAt && (!t.longest || d.longestQueuedAt < t.longest) ? d.longestQueuedAt : t.longest,
    }),
    { queued: 0, open: 0, onHold: 0, longest: null as string | null },
  );
  const count = (p: string) => agents.filter((a) => a.presence === p).length;
  const available = agents.filter((a) => a.presence === 'online' && a.availability === 'available').length;

  return (
    <>
      <PageHeader
        title={t('Live monitoring')}
        description={t('Now, updated as it happens. Today starts at midnight ({tz}).', { tz })}
        actions={
          <Link className="btn btn-secondary" to="/reports">
            {t('Reports')}
          </Link>
        }
      />
      {error !== undefined && (
        <Alert tone="error" title={t('Live monitoring could not be loaded.')}>
          {errorMessage(error)}
        </Alert>
      )}
      {!state && error === undefined && <Loading />}
      {state && (
        <>
          <div className="report-cards" aria-label={t('Now')}>
            <Stat label={t('Queued now')} value={totals.queued} testId="live-queued" />
            <Stat
              label={t('Longest wait')}
              value={totals.longest ? formatElapsed(totals.longest, now) : '—'}
              testId="live-longest"
            />
            <Stat label={t('Open')} value={totals.open} testId="live-open" />
            <Stat label={t('On hold')} value={totals.onHold} testId="live-on-hold" />
            <Stat label={t('Started today')} value={state.startedToday} testId="live-started" />
            <Stat label={t('Closed today')} value={state.closedToday} testId="live-closed" />
            <Stat label={t('Agents available')} value={available} testId="live-available" />
          </div>
          <section className="card table-card report-section" aria-label={t('Departments now')}>
            <div className="report-section-head">
              <h2>{t('Departments')}</h2>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                onClick={() =>
                  downloadCsv(
                    'monitoring-departments.csv',
                    ['department', 'queued', 'longest wait since', 'open', 'on hold'],
                    departments.map((d) => [d.name, d.queued, d.longestQueuedAt, d.open, d.onHold]),
                  )
                }
              >
                <span aria-hidden="true">{t('Export CSV')}</span>
                <span className="visually-hidden">{t('Export CSV of departments')}</span>
              </button>
            </div>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('Department')}</th>
                  <th scope="col">{t('Queued')}</th>
                  <th scope="col">{t('Longest wait')}</th>
                  <th scope="col">{t('Open')}</th>
                  <th scope="col">{t('On hold')}</th>
                </tr>
              </thead>
              <tbody>
                {departments.map((d) => (
                  <tr key={d.id ?? 'none'}>
                    <th scope="row">{d.name}</th>
                    <td>{d.queued}</td>
                    <td>{d.longestQueuedAt ? formatElapsed(d.longestQueuedAt, now) : '—'}</td>
                    <td>{d.open}</td>
                    <td>{d.onHold}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card table-card report-section" aria-label={t('Agents now')}>
            <div className="report-section-head">
              <h2>
                {t('Agents: {online} online, {away} away, {offline} offline', {
                  online: count('online'),
                  away: count('away'),
                  offline: count('offline'),
                })}
              </h2>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                onClick={() =>
                  downloadCsv(
                    'monitoring-agents.csv',
                    ['agent', 'presence', 'availability', 'chats', 'capacity'],
                    agents.map((a) => [a.name, a.presence, a.availability, load.get(a.userId) ?? 0, a.maxChats]),
                  )
                }
              >
                <span aria-hidden="true">{t('Export CSV')}</span>
                <span className="visually-hidden">{t('Export CSV of agents')}</span>
              </button>
            </div>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('Agent')}</th>
                  <th scope="col">{t('Presence')}</th>
                  <th scope="col">{t('Availability')}</th>
                  <th scope="col">{t('Load')}</th>
                </tr>
              </thead>
              <tbody>
                {agents.map((a) => (
                  <tr key={a.userId}>
                    <th scope="row">{a.name}</th>
                    <td>{t(presenceLabels[a.presence])}</td>
                    <td>{t(availabilityLabels[a.availability])}</td>
                    <td>
                      {load.get(a.userId) ?? 0} / {a.maxChats ?? '∞'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}

function Stat(props: { label: string; value: string | number; testId: string }) {
  return (
    <div className="card report-card">
      <div className="report-value" data-testid={props.testId}>
        {props.value}
      </div>
      <div className="report-label">{props.label}</div>
    </div>
  );
}

import type { AgentView, DepartmentFields, DepartmentView, SettingView } from '@parley/shared';
import { useEffect, useState } from 'react';
import { businessHoursApi } from '../../api/businessHours';
import { api, errorMessage } from '../../api/client';
import { invalidateCatalogs } from '../../api/catalogs';
import { agentsApi, departmentsApi } from '../../api/omnichannel';
import { Link, navigate, type PageProps } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { clearFlash, peekFlash, setFlash } from '../../components/flash';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { PresenceBadge } from '../../components/Presence';
import { useAsync } from '../../components/useAsync';
import { t } from '../../i18n';
import { DepartmentForm, emptyDepartment } from './DepartmentForm';

function inputOf(d: DepartmentView): DepartmentFields {
  const { id: _i, archived: _a, agents: _g, createdAt: _c, updatedAt: _u, ...rest } = d;
  return rest;
}

/** Create a department, or edit one: its fields, its agents, archive or delete it. */
export function DepartmentPage({ params }: PageProps) {
  const id = params.id;
  const all = useAsync(() => departmentsApi.list(true), []);
  const loaded = useAsync(() => (id ? departmentsApi.get(id) : Promise.resolve(undefined)), [id]);
  // Multiple business hours mode: each department picks its schedule (single: the default serves all).
  const schedules = useAsync(async () => {
    const { settings } = await api.get<{ settings: SettingView[] }>('/api/v1/settings');
    if (settings.find((x) => x.key === 'businessHours.type')?.value !== 'multiple') return undefined;
    return (await businessHoursApi.list()).items;
  }, []);
  const [notice] = useState(peekFlash);
  useEffect(() => clearFlash(), []);
  const d = loaded.data;
  const others = (all.data?.items ?? []).filter((x) => x.id !== id);

  return (
    <>
      <PageHeader
        title={id ? (d ? d.name : t('Edit department')) : t('New department')}
        description={
          <>
            <Link to="/admin/departments">{t('Back to departments')}</Link>
            {id && (
              <>
                {' · '}
                <Link to={`/admin/audit?targetId=${encodeURIComponent(id)}`}>{t('Audit history')}</Link>
              </>
            )}
          </>
        }
      />
      <div className="narrow stack">
        {notice && <Alert tone="success" title={notice} />}
        {(loaded.error ?? all.error) !== undefined && (
          <Alert tone="error" title={t('The department could not be loaded.')}>
            {errorMessage(loaded.error ?? all.error)}
          </Alert>
        )}
        {(loaded.loading || all.loading) && !all.data && <Loading />}
        {all.data && !id && (
          <DepartmentForm
            initial={emptyDepartment}
            others={others}
            schedules={schedules.data}
            submitLabel={t('Create department')}
            onSubmit={async (changes) => {
              const created = await departmentsApi.create({ ...changes, name: changes.name ?? '' });
              invalidateCatalogs();
              setFlash(t('{name} was created. Add its agents below.', { name: created.name }));
              navigate(`/admin/departments/${created.id}`, { replace: true });
            }}
          />
        )}
        {all.data && d && (
          <>
            {d.archived && (
              <Alert tone="warning" title={t('This department is archived.')}>
                {t('It receives no conversations and visitors cannot choose it.')}
              </Alert>
            )}
            <DepartmentForm
              initial={inputOf(d)}
              others={others}
              schedules={schedules.data}
              submitLabel={t('Save changes')}
              onSubmit={async (changes) => {
                if (Object.keys(changes).length === 0) return;
                loaded.setData(await departmentsApi.update(d.id, changes));
                invalidateCatalogs();
              }}
            />
            <AgentsSection department={d} onSaved={loaded.setData} />
            <ArchiveSection department={d} onSaved={loaded.setData} />
          </>
        )}
      </div>
    </>
  );
}

function AgentsSection({ department, onSaved }: { department: DepartmentView; onSaved: (d: DepartmentView) => void }) {
  const agents = useAsync(() => agentsApi.list(), []);
  const [members, setMembers] = useState<string[]>(() =>
    [...department.agents].sort((a, b) => a.position - b.position).map((a) => a.userId),
  );
  const [adding, setAdding] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const byId = new Map((agents.data?.items ?? []).map((a) => [a.userId, a]));
  const saved = [...department.agents].sort((a, b) => a.position - b.position).map((a) => a.userId);
  const dirty = saved.join() !== members.join();
  const available = (agents.data?.items ?? []).filter((a) => !members.includes(a.userId));

  const change = (next: string[]) => {
    setMembers(next);
    setDone(false);
  };
  const move = (i: number, by: number) => {
    const next = [...members];
    const [x] = next.splice(i, 1);
    next.splice(i + by, 0, x!);
    change(next);
  };
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await departmentsApi.setAgents(department.id, members));
      invalidateCatalogs();
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const label = (a: AgentView | undefined, id: string) => a?.name ?? id;
  return (
    <section className="card form-card" aria-labelledby="dept-agents-heading">
      <h2 id="dept-agents-heading">{t('Agents')}</h2>
      <p className="section-intro">{t('The order breaks ties when routing picks between equally free agents.')}</p>
      {agents.error !== undefined && <Alert tone="error">{errorMessage(agents.error)}</Alert>}
      {members.length === 0 ? (
        <p className="muted">{t('No agent yet.')}</p>
      ) : (
        <ol className="member-list" aria-label={t('Agents of this department')}>
          {members.map((uid, i) => {
            const a = byId.get(uid);
            return (
              <li key={uid} className="member">
                <span className="member-name">
                  <span className="cell-title">{label(a, uid)}</span>
                  {a && <PresenceBadge presence={a.presence} />}
                  {a && a.availability === 'available' && <Badge tone="success">{t('Available')}</Badge>}
                </span>
                <span className="member-actions">
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    aria-label={t('Move {name} up', { name: label(a, uid) })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    disabled={i === members.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label={t('Move {name} down', { name: label(a, uid) })}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    onClick={() => change(members.filter((x) => x !== uid))}
                  >
                    {t('Remove')}
                    <span className="visually-hidden"> {label(a, uid)}</span>
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <div className="inline-form">
        <div className="field">
          <label className="field-label" htmlFor="dept-add-agent">
            {t('Add an agent')}
          </label>
          <select
            id="dept-add-agent"
            className="input select"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
          >
            <option value="">
              {agents.loading ? t('Loading agents…') : available.length ? t('Choose an agent') : t('Every agent is in')}
            </option>
            {available.map((a) => (
              <option key={a.userId} value={a.userId}>
                {a.name} ({a.email})
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="btn btn-secondary"
          disabled={!adding}
          onClick={() => {
            change([...members, adding]);
            setAdding('');
          }}
        >
          {t('Add')}
        </button>
      </div>
      {error !== undefined && (
        <Alert tone="error" title={t('The agents were not saved.')}>
          {errorMessage(error)}
        </Alert>
      )}
      {done && !dirty && <Alert tone="success" title={t('The agents were saved.')} />}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" disabled={!dirty || busy} onClick={() => void save()}>
          {busy ? t('Saving…') : t('Save agents')}
        </button>
        {dirty && (
          <button type="button" className="btn btn-secondary" onClick={() => change(saved)}>
            {t('Undo changes')}
          </button>
        )}
      </div>
    </section>
  );
}

function ArchiveSection({
  department: d,
  onSaved,
}: {
  department: DepartmentView;
  onSaved: (d: DepartmentView) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const archive = async (archived: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await departmentsApi.archive(d.id, archived));
      invalidateCatalogs();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await departmentsApi.remove(d.id);
      invalidateCatalogs();
      setFlash(t('{name} was deleted.', { name: d.name }));
      navigate('/admin/departments', { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <section className="card form-card" aria-labelledby="dept-archive-heading">
      <h2 id="dept-archive-heading">{t('Archive or delete')}</h2>
      <p className="section-intro">
        {t(
          'Archiving keeps the department and its history and can be undone. Deleting is allowed only when “{setting}” is on in the settings, and cannot be undone.',
          { setting: t('Enable department removal') },
        )}
      </p>
      {error !== undefined && (
        <Alert tone="error" title={t('Nothing was changed.')}>
          {errorMessage(error)}
        </Alert>
      )}
      <div className="form-actions">
        {d.archived ? (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void archive(false)}>
            {t('Restore department')}
          </button>
        ) : (
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void archive(true)}>
            {t('Archive department')}
          </button>
        )}
        {confirming ? (
          <span className="confirm">
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void remove()}>
              {t('Delete “{name}” for good', { name: d.name })}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
              {t('Keep it')}
            </button>
          </span>
        ) : (
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setConfirming(true)}>
            {t('Delete department')}
          </button>
        )}
      </div>
    </section>
  );
}

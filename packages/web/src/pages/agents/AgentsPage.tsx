import type { AgentView } from '@parley/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { agentsApi, departmentsApi } from '../../api/omnichannel';
import { Link } from '../../lib/router';
import { ListTable, ListToolbar, Pager, SearchField, usePagedList } from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { PresenceBadge } from '../../components/Presence';
import { useAsync } from '../../components/useAsync';
import { useOmni } from '../../workspace/OmniProvider';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';

/**
 * Agents with their live presence, availability and load, a page at a time; managers switch availability
 * and set each agent's maximum of simultaneous chats.
 */
export function AgentsPage() {
  const omni = useOmni();
  const { page, search, limit, offset, searchText, setSearchText, submitSearch } = usePagedList();
  const list = useAsync(() => agentsApi.list({ limit, offset, search: search || undefined }), [search, page]);
  // Department names for the agents' column.
  const depts = useAsync(() => departmentsApi.list(true), []);

  // Presence and availability change live.
  const [agents, setAgents] = useState<AgentView[]>();
  useEffect(() => {
    if (list.data) setAgents(list.data.items);
  }, [list.data]);
  const realtime = omni?.realtime;
  useEffect(() => {
    if (!realtime) return;
    const release = realtime.subscribe('presence');
    const off = realtime.onFrame((f) => {
      if (f.type !== 'agent.status') return;
      setAgents((all) =>
        all?.map((a) => (a.userId === f.userId ? { ...a, presence: f.presence, availability: f.availability } : a)),
      );
    });
    return () => {
      off();
      release();
    };
  }, [realtime]);

  const names = new Map((depts.data?.items ?? []).map((d) => [d.id, d.name]));
  const replace = (a: AgentView) => setAgents((all) => all?.map((x) => (x.userId === a.userId ? a : x)));

  const total = list.data?.total ?? 0;

  return (
    <>
      <PageHeader
        title={t('Agents')}
        description={
          <>
            {tx('Users with the Agent role. Give someone the role on the {users} page.', {
              users: <Link to="/admin/users">{t('Users')}</Link>,
            })}
          </>
        }
      />
      <ListToolbar label={t('Find agents')} onSubmit={submitSearch}>
        <SearchField
          id="agents-search"
          placeholder={t('Name, email or username')}
          value={searchText}
          onChange={setSearchText}
        />
      </ListToolbar>
      <ListTable
        items={agents}
        loading={list.loading}
        error={list.error}
        errorTitle={t('The agents could not be loaded.')}
        caption={t('Agents')}
        className="agents-table"
        columns={[t('Agent'), t('Presence'), t('Available'), t('Open chats'), t('Max. chats'), t('Departments')]}
        empty={search ? t('No agent matches this search.') : t('No agents yet.')}
        footer={<Pager page={page} total={total} none={t('No agents')} />}
        row={(a) => (
          <AgentRow
            key={a.userId}
            agent={a}
            departments={a.departmentIds.map((id) => names.get(id) ?? '?')}
            onChanged={replace}
          />
        )}
      />
    </>
  );
}

function AgentRow(props: { agent: AgentView; departments: string[]; onChanged: (a: AgentView) => void }) {
  const { agent: a } = props;
  const [max, setMax] = useState(a.maxChats === null ? '' : String(a.maxChats));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  // The switch moves at once (and back if the server refuses).
  const [switching, setSwitching] = useState<boolean>();
  useEffect(() => setMax(a.maxChats === null ? '' : String(a.maxChats)), [a.maxChats]);

  const toggle = async (on: boolean) => {
    setSwitching(on);
    setError(undefined);
    try {
      const s = await agentsApi.setAvailability(a.userId, on ? 'available' : 'unavailable');
      props.onChanged({ ...a, availability: s.availability });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSwitching(undefined);
    }
  };
  const saveMax = async (e: FormEvent) => {
    e.preventDefault();
    const raw = max.trim();
    if (raw && !/^\d+$/.test(raw)) return setError(t('Give a whole number, or leave it empty for the default.'));
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const s = await agentsApi.setCapacity(a.userId, raw ? Number(raw) : null);
      props.onChanged({ ...a, maxChats: s.maxChats });
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const id = `agent-${a.userId}`;
  const current = a.maxChats === null ? '' : String(a.maxChats);
  return (
    <tr>
      <td>
        <span className="cell-title">{a.name}</span>
        <span className="cell-sub cell-break">{a.email}</span>
      </td>
      <td>
        <PresenceBadge presence={a.presence} />
      </td>
      <td>
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={switching ?? a.availability === 'available'}
            onChange={(e) => void toggle(e.target.checked)}
            aria-label={t('{name} available', { name: a.name })}
          />
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
        </label>
      </td>
      <td>{a.openChats}</td>
      <td>
        <form className="capacity-form" onSubmit={saveMax} noValidate>
          <label className="visually-hidden" htmlFor={`${id}-max`}>
            {t('Max. simultaneous chats for {name}', { name: a.name })}
          </label>
          <input
            id={`${id}-max`}
            className="input input-number input-compact"
            type="number"
            min={0}
            inputMode="numeric"
            placeholder={t('Default')}
            value={max}
            onChange={(e) => {
              setMax(e.target.value);
              setSaved(false);
            }}
            aria-describedby={error ? `${id}-error` : `${id}-hint`}
            aria-invalid={error ? true : undefined}
          />
          <button
            type="submit"
            className="btn btn-secondary btn-small"
            disabled={busy || max.trim() === current}
            aria-label={t('Save the limit of {name}', { name: a.name })}
          >
            {t('Save')}
          </button>
          <span className="visually-hidden" id={`${id}-hint`}>
            {t('Empty: the department or global limit. 0: unlimited.')}
          </span>
          {saved && <span className="saved-note">{t('Saved')}</span>}
        </form>
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </td>
      <td className="cell-break">{props.departments.join(', ') || '—'}</td>
    </tr>
  );
}

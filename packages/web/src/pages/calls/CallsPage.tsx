import type { CallListQuery, CallView } from '@parley/shared';
import { useCatalogs } from '../../api/catalogs';
import { Alert } from '../../components/Alert';
import { callsApi } from '../../api/calls';
import { formatDateTime } from '../../components/format';
import { ListTable, ListToolbar, Pager, SearchField, ToolbarField, usePagedList } from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { Link, setQuery, useQuery } from '../../lib/router';
import { useSession } from '../../lib/session';
import { ContactCenterTabs } from '../contacts/ContactCenterTabs';
import { CallDetailsPanel } from './CallDetailsPanel';
import { callStateText, directionText, durationText, kindText } from './callText';
import { t } from '../../i18n';

/** A date input's day as the ISO instant of its start (from) or end (to), in the browser's zone. */
const dayEdge = (day: string, end: boolean) =>
  day ? new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined;

/** Who the call was with: the contact's name, else the number. */
export function callParty(c: CallView): string {
  return c.contact.name ?? c.phone ?? t('Unknown contact');
}

/**
 * The Calls tab (issue 17 item 4): every call I may see (agents: their own), newest first; search by
 * name or phone number; filters direction, kind, agent, date range, outcome; a call's details beside.
 */
export function CallsPage() {
  const q = useQuery();
  const { page, search, limit, offset, searchText, setSearchText, submitSearch } = usePagedList();
  const direction = q.get('direction') ?? '';
  const kind = q.get('kind') ?? '';
  const outcome = q.get('outcome') ?? '';
  const agent = q.get('agent') ?? '';
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  const wrapUp = q.get('wrapUp') ?? '';
  const selected = q.get('call') ?? '';
  const catalogs = useCatalogs();
  const list = useAsync(
    () =>
      callsApi.list({
        limit,
        offset,
        q: search || undefined,
        direction: (direction || undefined) as CallListQuery['direction'],
        kind: (kind || undefined) as CallListQuery['kind'],
        outcome: (outcome || undefined) as CallListQuery['outcome'],
        agentId: agent || undefined,
        from: dayEdge(from, false),
        to: dayEdge(to, true),
        wrapUp: (wrapUp || undefined) as CallListQuery['wrapUp'],
      }),
    [limit, offset, search, direction, kind, outcome, agent, from, to, wrapUp],
  );
  const { user } = useSession();
  // The wrap-up prompt: my ended calls without notes (link calls and calls a phone system reported with my id).
  const pending = useAsync(
    () => callsApi.list({ agentId: user.id, wrapUp: 'pending', limit: 1 }),
    [user.id, selected, list.data],
  );

  const filter = (changes: Record<string, string>) => setQuery({ ...changes, page: undefined });
  const select = (id: string, label: string, value: string, key: string, options: [string, string][]) => (
    <ToolbarField id={id} label={label}>
      <select id={id} className="input select" value={value} onChange={(e) => filter({ [key]: e.target.value })}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </ToolbarField>
  );
  const date = (id: string, label: string, value: string, key: string) => (
    <ToolbarField id={id} label={label}>
      <input id={id} type="date" className="input" value={value} onChange={(e) => filter({ [key]: e.target.value })} />
    </ToolbarField>
  );

  return (
    <>
      <PageHeader title={t('Calls')} description={t('Video, audio and phone calls, with their wrap-up notes.')} />
      <ContactCenterTabs current="calls" />
      {!!pending.data?.total && wrapUp !== 'pending' && (
        <Alert tone="info" title={t('Wrap-up notes to write')}>
          {t(
            '{count, plural, =1 {One of your calls has no wrap-up notes yet.} other {# of your calls have no wrap-up notes yet.}}',
            { count: pending.data.total },
          )}{' '}
          <Link to={`/calls?wrapUp=pending&agent=${encodeURIComponent(user.id)}`}>{t('Show them')}</Link>
        </Alert>
      )}
      <ListToolbar label={t('Find calls')} onSubmit={submitSearch}>
        <SearchField
          id="calls-q"
          placeholder={t('Name or phone number…')}
          value={searchText}
          onChange={setSearchText}
        />
        {select('calls-direction', t('Direction'), direction, 'direction', [
          ['', t('All')],
          ['inbound', t('Inbound')],
          ['outbound', t('Outbound')],
        ])}
        {select('calls-kind', t('Kind'), kind, 'kind', [
          ['', t('All')],
          ['video', t('Video')],
          ['audio', t('Audio')],
          ['phone', t('Phone')],
        ])}
        {select('calls-agent', t('Agent'), agent, 'agent', [
          ['', t('Anyone')],
          ...Object.entries(catalogs?.agentNames ?? {}),
        ])}
        {select('calls-outcome', t('Outcome'), outcome, 'outcome', [
          ['', t('All')],
          ['completed', t('Completed')],
          ['declined', t('Declined')],
          ['missed', t('Missed')],
        ])}
        {select('calls-wrap-up', t('Wrap-up'), wrapUp, 'wrapUp', [
          ['', t('All')],
          ['pending', t('Notes to write')],
          ['done', t('Notes written')],
        ])}
        {date('calls-from', t('From'), from, 'from')}
        {date('calls-to', t('To'), to, 'to')}
      </ListToolbar>
      <div className={selected ? 'calls-layout calls-layout-open' : 'calls-layout'}>
        <ListTable
          items={list.data?.items}
          loading={list.loading}
          error={list.error}
          errorTitle={t('The calls could not be loaded.')}
          caption={t('Calls, newest first')}
          columns={[
            t('Started'),
            t('Contact'),
            t('Phone'),
            t('Kind'),
            t('Direction'),
            t('Agent'),
            t('Duration'),
            t('Outcome'),
          ]}
          empty={search ? t('No call matches this search.') : t('No calls.')}
          footer={<Pager page={page} total={list.data?.total ?? 0} none={t('No calls')} />}
          row={(c) => (
            <tr key={c.id} aria-selected={c.id === selected}>
              <td className="cell-nowrap">
                <Link
                  to={`/calls?${new URLSearchParams({ ...Object.fromEntries(q), call: c.id }).toString()}`}
                  className="cell-title"
                >
                  {formatDateTime(c.startedAt)}
                </Link>
              </td>
              <td>{callParty(c)}</td>
              <td className="cell-nowrap">{c.phone ?? '—'}</td>
              <td>{kindText(c.kind)}</td>
              <td>{directionText(c.direction)}</td>
              <td>{c.agent?.name ?? '—'}</td>
              <td className="cell-nowrap">{durationText(c.durationSeconds)}</td>
              <td>{callStateText(c)}</td>
            </tr>
          )}
        />
        {selected && (
          <CallDetailsPanel
            id={selected}
            onClose={() => setQuery({ call: undefined })}
            onChanged={() => list.reload()}
          />
        )}
      </div>
    </>
  );
}

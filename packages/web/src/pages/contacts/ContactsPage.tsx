import type { ContactSummary } from '@parley/shared';
import { useState } from 'react';
import { useCatalogs } from '../../api/catalogs';
import { contactsApi } from '../../api/contacts';
import { Badge } from '../../components/Badge';
import { formatDateTime } from '../../components/format';
import { ListTable, ListToolbar, Pager, SearchField, ToolbarField, usePagedList } from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { Link, navigate, setQuery, useQuery } from '../../lib/router';
import { allowed, useSession } from '../../lib/session';
import { ContactCenterTabs } from './ContactCenterTabs';
import { ContactForm } from './ContactForm';
import { useChannels } from '../../components/ChannelBadge';
import { t } from '../../i18n';

const sorts = { lastChat: 'Last chat', name: 'Name', created: 'Created' } as const;

/** The state badges of a contact: known/unknown, verified, blocked. */
export function ContactBadges({ c }: { c: Pick<ContactSummary, 'unknown' | 'verified' | 'blocked'> }) {
  return (
    <span className="badge-list">
      {c.unknown ? <Badge tone="warning">{t('Unknown')}</Badge> : <Badge tone="accent">{t('Known')}</Badge>}
      {c.verified ? <Badge tone="success">{t('Verified')}</Badge> : <Badge>{t('Unverified')}</Badge>}
      {c.blocked && <Badge tone="danger">{t('Blocked')}</Badge>}
    </span>
  );
}

/**
 * The Contacts tab: search by name, username, email, phone (any format) or a searchable custom field;
 * filters (known/unknown, verified, blocked, contact manager, channel), sort and pages, all in the URL.
 */
export function ContactsPage() {
  const q = useQuery();
  const { user } = useSession();
  const { page, search, limit, offset, searchText, setSearchText, submitSearch } = usePagedList();
  const status = q.get('status') ?? '';
  const verified = q.get('verified') ?? '';
  const blocked = q.get('blocked') ?? '';
  const manager = q.get('manager') ?? '';
  const channel = q.get('channel') ?? '';
  const sort = (q.get('sort') ?? 'lastChat') as keyof typeof sorts;
  const catalogs = useCatalogs();
  const channels = useChannels();
  const [creating, setCreating] = useState(false);
  const canWrite = allowed(user, ['admin', 'manager', 'agent']);

  const list = useAsync(
    () =>
      contactsApi.list({
        limit,
        offset,
        q: search || undefined,
        status: (status || undefined) as 'known' | 'unknown' | undefined,
        verified: (verified || undefined) as 'true' | 'false' | undefined,
        blocked: (blocked || undefined) as 'true' | 'false' | undefined,
        manager: manager || undefined,
        channel: channel || undefined,
        sort,
        order: sort === 'name' ? 'asc' : 'desc',
      }),
    [limit, offset, search, status, verified, blocked, manager, channel, sort],
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

  return (
    <>
      <PageHeader
        title={t('Contacts')}
        description={t('Everyone who reached you, on every channel.')}
        actions={
          canWrite && (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              {t('New contact')}
            </button>
          )
        }
      />
      <ContactCenterTabs current="contacts" />
      <ListToolbar label={t('Find contacts')} onSubmit={submitSearch}>
        <SearchField
          id="contacts-q"
          placeholder={t('Name, username, email, phone…')}
          value={searchText}
          onChange={setSearchText}
        />
        {select('contacts-status', t('Known'), status, 'status', [
          ['', t('All')],
          ['known', t('Known')],
          ['unknown', t('Unknown')],
        ])}
        {select('contacts-verified', t('Verified'), verified, 'verified', [
          ['', t('All')],
          ['true', t('Verified')],
          ['false', t('Unverified')],
        ])}
        {select('contacts-blocked', t('Blocked'), blocked, 'blocked', [
          ['', t('All')],
          ['true', t('Blocked')],
          ['false', t('Not blocked')],
        ])}
        {select('contacts-manager', t('Contact manager'), manager, 'manager', [
          ['', t('Anyone')],
          ['mine', t('Mine')],
          ['none', t('None')],
          ...Object.entries(catalogs?.agentNames ?? {}),
        ])}
        {select('contacts-channel', t('Channel'), channel, 'channel', [
          ['', t('All')],
          ...(channels ?? []).map((c): [string, string] => [c.id, c.name]),
        ])}
        {select(
          'contacts-sort',
          t('Sort by'),
          sort,
          'sort',
          Object.entries(sorts).map(([k, label]): [string, string] => [k, t(label)]),
        )}
      </ListToolbar>
      <ListTable
        items={list.data?.items}
        loading={list.loading}
        error={list.error}
        errorTitle={t('The contacts could not be loaded.')}
        caption={t('Contacts')}
        columns={[t('Name'), t('Email'), t('Phone'), t('State'), t('Contact manager'), t('Last chat')]}
        empty={search ? t('No contact matches this search.') : t('No contacts.')}
        footer={<Pager page={page} total={list.data?.total ?? 0} none={t('No contacts')} />}
        row={(c) => (
          <tr key={c.id}>
            <td>
              <Link to={`/contacts/${c.id}`} className="cell-title">
                {c.name ?? t('Unnamed contact')}
              </Link>
            </td>
            <td className="cell-break">{c.emails[0] ?? '—'}</td>
            <td>{c.phones[0] ?? '—'}</td>
            <td>
              <ContactBadges c={c} />
            </td>
            <td>{c.contactManager?.name ?? '—'}</td>
            <td className="cell-nowrap">{c.lastChatAt ? formatDateTime(c.lastChatAt) : '—'}</td>
          </tr>
        )}
      />
      {creating && (
        <ContactForm
          title={t('New contact')}
          onClose={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false);
            navigate(`/contacts/${c.id}`);
          }}
        />
      )}
    </>
  );
}

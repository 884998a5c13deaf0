import type { ContactChannel, ContactDetails } from '@parley/shared';
import { useEffect, useState, type ReactNode } from 'react';
import { useCatalogs } from '../../api/catalogs';
import { contactsApi } from '../../api/contacts';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { errorMessage } from '../../api/client';
import { Link, navigate, setQuery, useQuery, type PageProps } from '../../lib/router';
import { allowed, useSession } from '../../lib/session';
import { statusLabel, statusTone } from '../conversation/status';
import { BlockDialog } from './BlockDialog';
import { ContactBadges } from './ContactsPage';
import { ContactCalls } from '../calls/ContactCalls';
import { ContactCenterTabs } from './ContactCenterTabs';
import { ContactForm } from './ContactForm';
import { EraseDialog } from './EraseDialog';
import { MergeDialog } from './MergeDialog';
import { ChannelBadge, knownChannelName } from '../../components/ChannelBadge';
import { t } from '../../i18n';

const tabs = { details: 'Details', channels: 'Channels', history: 'History' } as const;
type Tab = keyof typeof tabs;

export const channelName = (ch: string) => knownChannelName(ch);

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children ?? '—'}</dd>
    </div>
  );
}

/** One contact: Details, Channels (block/unblock each), History (every conversation I may read). */
export function ContactPage({ params }: PageProps) {
  const id = params.id ?? '';
  const q = useQuery();
  const raw = q.get('tab') ?? '';
  const tab: Tab = raw in tabs ? (raw as Tab) : 'details';
  const { user } = useSession();
  const contact = useAsync(() => contactsApi.get(id), [id]);
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const [erasing, setErasing] = useState(false);
  const c = contact.data;
  const canWrite = allowed(user, ['admin', 'manager', 'agent']) && !c?.erasedAt;
  // A contact merged into another answers as that one: the address follows (old links keep working).
  useEffect(() => {
    if (c && c.id !== id) navigate(`/contacts/${c.id}${window.location.search}`, { replace: true });
  }, [c, id]);

  if (!c) {
    return contact.error ? (
      <Alert tone="error" title={t('The contact could not be loaded.')}>
        {errorMessage(contact.error)}
      </Alert>
    ) : (
      <Loading />
    );
  }
  return (
    <>
      <PageHeader
        title={c.name ?? t('Unnamed contact')}
        description={<ContactBadges c={c} />}
        actions={
          <>
            {canWrite && (
              <button type="button" className="btn btn-secondary" onClick={() => setEditing(true)}>
                ✎ <span aria-hidden="true">{t('Edit')}</span>
                <span className="visually-hidden">{t('Edit contact')}</span>
              </button>
            )}
            {canWrite && (
              <button type="button" className="btn btn-secondary" onClick={() => setMerging(true)}>
                {t('Merge…')}
              </button>
            )}
            {allowed(user, ['admin', 'manager']) && (
              <a className="btn btn-secondary" href={contactsApi.exportUrl(c.id)} download={`contact-${c.id}.json`}>
                {t('Export (GDPR)')}
              </a>
            )}
            {allowed(user, ['admin']) && !c.erasedAt && (
              <button type="button" className="btn btn-danger" onClick={() => setErasing(true)}>
                {t('Erase…')}
              </button>
            )}
          </>
        }
      />
      {c.erasedAt && (
        <Alert tone="info" title={t('Personal data erased')}>
          {t("This contact's personal data was erased on {date}.", { date: formatDateTime(c.erasedAt) })}
        </Alert>
      )}
      <ContactCenterTabs current="contacts" />
      <div role="tablist" aria-label={t('Contact')} className="contact-tabs">
        {(Object.keys(tabs) as Tab[]).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'btn btn-primary btn-small' : 'btn btn-secondary btn-small'}
            onClick={() => setQuery({ tab: k === 'details' ? undefined : k })}
          >
            {t(tabs[k])}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={t(tabs[tab])} className="card contact-tabpanel">
        {tab === 'details' && (
          <>
            {c.conflicts.length > 0 && (
              <Conflicts c={c} canWrite={canWrite} onResolved={(saved) => contact.setData(saved)} />
            )}
            <Details c={c} />
          </>
        )}
        {tab === 'channels' && <Channels c={c} canWrite={canWrite} onChanged={contact.reload} />}
        {tab === 'history' && (
          <>
            <History id={c.id} />
            <ContactCalls contactId={c.id} />
          </>
        )}
      </div>
      {merging && (
        <MergeDialog
          contact={c}
          onClose={() => setMerging(false)}
          onMerged={(saved) => {
            setMerging(false);
            contact.setData(saved);
          }}
        />
      )}
      {erasing && (
        <EraseDialog
          contactId={c.id}
          name={c.name ?? t('this contact')}
          onClose={() => setErasing(false)}
          onErased={() => {
            setErasing(false);
            contact.reload();
          }}
        />
      )}
      {editing && (
        <ContactForm
          title={t('Edit contact')}
          contact={c}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            contact.setData(saved);
          }}
        />
      )}
    </>
  );
}

/**
 * Values kept from a merge (issue 16 item 9): for each field, the current value or a conflicting one is
 * chosen to win; the others are dropped.
 */
function Conflicts(props: { c: ContactDetails; canWrite: boolean; onResolved: (c: ContactDetails) => void }) {
  const { c } = props;
  const catalogs = useCatalogs();
  const [failure, setFailure] = useState<string>();
  const fields = [...new Set(c.conflicts.map((x) => x.field))];
  const label = (f: string) =>
    f === 'name'
      ? t('Name')
      : f === 'contactManagerId'
        ? t('Contact manager')
        : (catalogs?.visitorFields.find((x) => `customFields.${x.id}` === f)?.label ??
          f.replace(/^customFields\./, ''));
  const current = (f: string) =>
    f === 'name'
      ? (c.name ?? '')
      : f === 'contactManagerId'
        ? (c.contactManager?.id ?? '')
        : (c.customFields[f.replace(/^customFields\./, '')] ?? '');
  const shown = (f: string, v: string) =>
    f === 'contactManagerId' && v === c.contactManager?.id ? c.contactManager.name : v || '—';
  const resolve = async (field: string, value: string) => {
    setFailure(undefined);
    try {
      props.onResolved(await contactsApi.resolveConflict(c.id, field, value));
    } catch (err) {
      setFailure(errorMessage(err));
    }
  };
  return (
    <section className="contact-conflicts" aria-label={t('Conflicting fields')}>
      <Alert tone="warning" title={t('Conflicting fields')}>
        {t('The merged contacts disagreed on these fields. Choose the value to keep.')}
      </Alert>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('Field')}</th>
            <th scope="col">{t('Current value')}</th>
            <th scope="col">{t('Other values')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f}>
              <th scope="row">{label(f)}</th>
              <td>
                {shown(f, current(f))}{' '}
                {props.canWrite && (
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    onClick={() => void resolve(f, current(f))}
                  >
                    <span aria-hidden="true">{t('Keep')}</span>
                    <span className="visually-hidden">{t('Keep the current {field}', { field: label(f) })}</span>
                  </button>
                )}
              </td>
              <td>
                {c.conflicts
                  .filter((x) => x.field === f)
                  .map((x) => (
                    <span key={x.value} className="conflict-value">
                      {x.value}{' '}
                      {props.canWrite && (
                        <button
                          type="button"
                          className="btn btn-secondary btn-small"
                          onClick={() => void resolve(f, x.value)}
                        >
                          <span aria-hidden="true">{t('Use')}</span>
                          <span className="visually-hidden">{t('Use {value}', { value: x.value })}</span>
                        </button>
                      )}{' '}
                    </span>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {failure && <Alert tone="error">{failure}</Alert>}
    </section>
  );
}

function Details({ c }: { c: ContactDetails }) {
  const catalogs = useCatalogs();
  const label = (k: string) => catalogs?.visitorFields.find((f) => f.id === k)?.label ?? k;
  return (
    <dl className="details">
      <Row label={t('Name')}>{c.name}</Row>
      <Row label={t('Emails')}>{c.emails.length ? c.emails.join(', ') : undefined}</Row>
      <Row label={t('Phones')}>{c.phones.length ? c.phones.join(', ') : undefined}</Row>
      {Object.entries(c.customFields)
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <Row key={k} label={label(k)}>
            {v}
          </Row>
        ))}
      <Row label={t('Contact manager')}>{c.contactManager?.name}</Row>
      <Row label={t('First contact')}>{formatDateTime(c.firstContactAt)}</Row>
      <Row label={t('Last contact')}>{c.lastContactAt ? formatDateTime(c.lastContactAt) : undefined}</Row>
    </dl>
  );
}

function Channels({ c, canWrite, onChanged }: { c: ContactDetails; canWrite: boolean; onChanged: () => void }) {
  const [asking, setAsking] = useState<ContactChannel>();
  if (c.channelList.length === 0)
    return <p className="muted">{t('This contact has not reached you on any channel yet.')}</p>;
  return (
    <>
      <table className="table">
        <caption className="visually-hidden">{t('Channels')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Channel')}</th>
            <th scope="col">{t('Username')}</th>
            <th scope="col">{t('State')}</th>
            <th scope="col">{t('Last seen')}</th>
            {canWrite && <th scope="col">{t('Actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {c.channelList.map((ch) => (
            <tr key={ch.id}>
              <td>
                <ChannelBadge id={ch.channel} />
              </td>
              <td>{ch.name ? `${ch.name} (${ch.username})` : ch.username}</td>
              <td>
                <span className="badge-list">
                  {ch.verified ? <Badge tone="success">{t('Verified')}</Badge> : <Badge>{t('Unverified')}</Badge>}
                  {ch.blocked && <Badge tone="danger">{t('Blocked')}</Badge>}
                </span>
              </td>
              <td className="cell-nowrap">{formatDateTime(ch.lastSeenAt)}</td>
              {canWrite && (
                <td>
                  <details className="row-menu">
                    <summary
                      aria-label={t('Options for {channel} {username}', {
                        channel: channelName(ch.channel),
                        username: ch.username,
                      })}
                    >
                      ⋯
                    </summary>
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setAsking(ch)}>
                      {ch.blocked ? t('Unblock') : t('Block')}
                    </button>
                  </details>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {asking && (
        <BlockDialog
          contactId={c.id}
          channelId={asking.id}
          channelLabel={`${channelName(asking.channel)} (${asking.username})`}
          unblock={asking.blocked}
          onClose={() => setAsking(undefined)}
          onDone={() => {
            setAsking(undefined);
            onChanged();
          }}
        />
      )}
    </>
  );
}

function History({ id }: { id: string }) {
  const list = useAsync(() => contactsApi.history(id), [id]);
  if (list.error) return <Alert tone="error">{errorMessage(list.error)}</Alert>;
  if (!list.data) return <Loading />;
  if (list.data.items.length === 0) return <p className="muted">{t('No conversations you may read.')}</p>;
  return (
    <ol className="plain-list contact-history" aria-label={t('Conversations, newest first')}>
      {list.data.items.map((h) => (
        <li key={h.id}>
          <Link to={`/conversations/${h.id}`}>{formatDateTime(h.createdAt)}</Link>{' '}
          <Badge tone={statusTone(h.status)}>{statusLabel(h.status)}</Badge> <ChannelBadge id={h.channel} />
          {h.agent ? ` · ${h.agent.name}` : ''}
          {h.lastMessagePreview ? <span className="cell-sub cell-break">{h.lastMessagePreview}</span> : null}
        </li>
      ))}
    </ol>
  );
}

import type { AgentView, ConversationStatus } from '@parley/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useCatalogs } from '../../api/catalogs';
import { agentsApi, conversationsApi } from '../../api/omnichannel';
import { Link, setQuery, useQuery } from '../../lib/router';
import { Badge } from '../../components/Badge';
import { formatDateTime } from '../../components/format';
import {
  ListTable,
  ListToolbar,
  PAGE_SIZE,
  PagerBar,
  SearchField,
  ToolbarField,
  useCursorPages,
} from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { statusLabel, statusTone } from '../conversation/status';
import { visitorLabel } from '../../workspace/workspace';
import { ContactCenterTabs } from '../contacts/ContactCenterTabs';
import { allowed, useSession } from '../../lib/session';
import { Alert } from '../../components/Alert';
import { ClosedChatActions, MatchExcerpt } from './HistoryActions';
import { ChannelBadge, ChannelFilter } from '../../components/ChannelBadge';
import { t } from '../../i18n';

const statuses: ConversationStatus[] = ['queued', 'open', 'on-hold', 'closed'];

/** A day of the date input (local time) as the API's instant: its first or its last millisecond. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * Every conversation the user may see, newest first, filtered on the server (status, agent, department,
 * tags, dates, text) and paged with its cursors. Filters and the page are in the URL. The text finds the
 * visitor's name, email or phone and the words of messages (the match shown, its words marked); a closed
 * conversation's row has its quick actions (transcript, edit, and for admins delete).
 */
export function HistoryPage() {
  const q = useQuery();
  const status = q.get('status') ?? '';
  const agentId = q.get('agent') ?? '';
  const departmentId = q.get('department') ?? '';
  const channel = q.get('channel') ?? '';
  const tags = q.get('tags') ?? '';
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  const text = q.get('q') ?? '';
  const pages = useCursorPages('cursor');
  const cursor = pages.cursor;

  const list = useAsync(
    () =>
      conversationsApi.list({
        limit: PAGE_SIZE,
        status: status || undefined,
        agentId: agentId || undefined,
        departmentId: departmentId || undefined,
        channel: channel || undefined,
        tags: tags || undefined,
        from: dayBound(from, false),
        to: dayBound(to, true),
        q: text || undefined,
        cursor: cursor || undefined,
      }),
    [status, agentId, departmentId, channel, tags, from, to, text, cursor],
  );
  const catalogs = useCatalogs();
  const { user } = useSession();
  const canEdit = allowed(user, ['admin', 'manager', 'agent']);
  const canDelete = allowed(user, ['admin']);
  const [notice, setNotice] = useState<string>();
  const [agents, setAgents] = useState<AgentView[]>([]);
  useEffect(() => {
    agentsApi.list().then(
      (r) => setAgents(r.items),
      () => undefined,
    );
  }, []);

  const [form, setForm] = useState({ tags, from, to, text });
  useEffect(() => setForm({ tags, from, to, text }), [tags, from, to, text]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setQuery({
      tags: form.tags.trim(),
      from: form.from,
      to: form.to,
      q: form.text.trim(),
      ...pages.reset,
    });
  };
  const filter = (changes: Record<string, string>) => setQuery({ ...changes, ...pages.reset });
  const chosen = status ? status.split(',') : [];
  const toggleStatus = (s: string, on: boolean) =>
    filter({ status: statuses.filter((x) => (x === s ? on : chosen.includes(x))).join(',') });

  const deptName = (id: string | null) => (id ? (catalogs?.departments.find((d) => d.id === id)?.name ?? '—') : '—');
  const filtered = !!(status || agentId || departmentId || channel || tags || from || to || text);
  const count = list.data?.items.length ?? 0;
  const next = list.data?.nextCursor;

  return (
    <>
      <PageHeader title={t('Conversation history')} description={t('Every conversation you may see, newest first.')} />
      <ContactCenterTabs current="chats" />
      {notice && <Alert tone="success">{notice}</Alert>}
      <ListToolbar
        label={t('Filter conversations')}
        className="history-filters"
        onSubmit={apply}
        extra={
          filtered && (
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() =>
                filter({ status: '', agent: '', department: '', channel: '', tags: '', from: '', to: '', q: '' })
              }
            >
              {t('Clear filters')}
            </button>
          )
        }
      >
        <fieldset className="toolbar-field status-filter">
          <legend className="field-label">{t('Status')}</legend>
          <div className="choice-row">
            {statuses.map((s) => (
              <label key={s} className="choice">
                <input
                  type="checkbox"
                  checked={chosen.includes(s)}
                  onChange={(e) => toggleStatus(s, e.target.checked)}
                />
                <span>{statusLabel(s)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <ToolbarField id="history-agent" label={t('Agent')}>
          <select
            id="history-agent"
            className="input select"
            value={agentId}
            onChange={(e) => filter({ agent: e.target.value })}
          >
            <option value="">{t('All agents')}</option>
            {agents.map((a) => (
              <option key={a.userId} value={a.userId}>
                {a.name}
              </option>
            ))}
          </select>
        </ToolbarField>
        <ToolbarField id="history-department" label={t('Department')}>
          <select
            id="history-department"
            className="input select"
            value={departmentId}
            onChange={(e) => filter({ department: e.target.value })}
          >
            <option value="">{t('All departments')}</option>
            {catalogs?.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.archived ? ` ${t('(archived)')}` : ''}
              </option>
            ))}
          </select>
        </ToolbarField>
        <ToolbarField id="history-channel" label={t('Channel')}>
          <ChannelFilter id="history-channel" value={channel} onChange={(v) => filter({ channel: v })} />
        </ToolbarField>
        <ToolbarField id="history-tags" label={t('Tags')}>
          <input
            id="history-tags"
            className="input"
            placeholder={t('e.g. billing, vip')}
            value={form.tags}
            onChange={(e) => setForm({ ...form, tags: e.target.value })}
          />
        </ToolbarField>
        <ToolbarField id="history-from" label={t('From')}>
          <input
            id="history-from"
            className="input"
            type="date"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </ToolbarField>
        <ToolbarField id="history-to" label={t('To')}>
          <input
            id="history-to"
            className="input"
            type="date"
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
          />
        </ToolbarField>
        <SearchField
          id="history-q"
          label={t('Search')}
          placeholder={t('Words of a message, visitor, email, phone…')}
          value={form.text}
          onChange={(v) => setForm({ ...form, text: v })}
        />
      </ListToolbar>

      <ListTable
        items={list.data?.items}
        loading={list.loading}
        error={list.error}
        errorTitle={t('The conversations could not be loaded.')}
        caption={t('Conversations, newest first')}
        columns={[t('Visitor'), t('Status'), t('Agent'), t('Department'), t('Tags'), t('Started'), t('Actions')]}
        empty={filtered ? t('No conversation matches these filters.') : t('No conversations yet.')}
        footer={
          <PagerBar
            status={
              count > 0
                ? t('Page {page}, {count, plural, one {# conversation} other {# conversations}}', {
                    page: pages.page,
                    count,
                  })
                : t('Page {page}', { page: pages.page })
            }
            previous={{ label: t('Previous'), enabled: pages.page > 1, go: pages.back }}
            next={{ label: t('Next'), enabled: !!next, go: () => next && pages.forward(next) }}
          />
        }
        row={(c) => (
          <tr key={c.id}>
            <td className="history-visitor">
              <Link to={`/conversations/${c.id}`} className="cell-title">
                {visitorLabel(c)}
              </Link>{' '}
              <ChannelBadge id={c.channel} />{' '}
              {c.visitorVerified ? (
                <Badge tone="success" title={t("Verified by the site's signed user id or an emailed code")}>
                  {t('Verified')}
                </Badge>
              ) : (
                <Badge>{t('Unverified')}</Badge>
              )}
              {c.match ? (
                <MatchExcerpt match={c.match} />
              ) : (
                <span className="cell-sub cell-break">{c.topic || c.lastMessagePreview || c.visitor.email || ''}</span>
              )}
            </td>
            <td>
              <Badge tone={statusTone(c.status)}>{statusLabel(c.status)}</Badge>
            </td>
            <td>{c.agent?.name ?? '—'}</td>
            <td>{deptName(c.departmentId)}</td>
            <td>
              <span className="badge-list">
                {c.tags.map((tag) => (
                  <Badge key={tag}>{tag}</Badge>
                ))}
              </span>
            </td>
            <td className="cell-nowrap">
              <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
            </td>
            <td className="cell-actions">
              {c.status === 'closed' ? (
                <ClosedChatActions
                  conversation={c}
                  catalogs={catalogs}
                  canEdit={canEdit}
                  canDelete={canDelete}
                  onChanged={list.reload}
                  onEmailed={(email) => setNotice(t('The transcript is on its way to {email}.', { email }))}
                />
              ) : (
                '—'
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}

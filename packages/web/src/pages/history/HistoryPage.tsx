import type { AgentView, ConversationStatus } from '@parley/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { useCatalogs } from '../../api/catalogs';
import { agentsApi, conversationsApi } from '../../api/omnichannel';
import { Link, setQuery, useQuery } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { statusLabel, statusTone } from '../conversation/status';
import { visitorLabel } from '../../workspace/workspace';

const PAGE_SIZE = 25;
const statuses: ConversationStatus[] = ['queued', 'open', 'on-hold', 'closed'];

/** A day of the date input (local time) as the API's instant: its first or its last millisecond. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * Every conversation the user may see, newest first, filtered on the server (status, agent, department,
 * tags, dates, text) and paged with its cursors. Filters and the page are in the URL.
 */
export function HistoryPage() {
  const q = useQuery();
  const status = q.get('status') ?? '';
  const agentId = q.get('agent') ?? '';
  const departmentId = q.get('department') ?? '';
  const tags = q.get('tags') ?? '';
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  const text = q.get('q') ?? '';
  const cursor = q.get('cursor') ?? '';
  // The cursors of the pages before this one, to go back.
  const prev = (q.get('prev') ?? '').split('.').filter(Boolean);

  const list = useAsync(
    () =>
      conversationsApi.list({
        limit: PAGE_SIZE,
        status: status || undefined,
        agentId: agentId || undefined,
        departmentId: departmentId || undefined,
        tags: tags || undefined,
        from: dayBound(from, false),
        to: dayBound(to, true),
        q: text || undefined,
        cursor: cursor || undefined,
      }),
    [status, agentId, departmentId, tags, from, to, text, cursor],
  );
  const catalogs = useCatalogs();
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
      cursor: undefined,
      prev: undefined,
    });
  };
  const filter = (changes: Record<string, string>) => setQuery({ ...changes, cursor: undefined, prev: undefined });
  const chosen = status ? status.split(',') : [];
  const toggleStatus = (s: string, on: boolean) =>
    filter({ status: statuses.filter((x) => (x === s ? on : chosen.includes(x))).join(',') });

  const deptName = (id: string | null) => (id ? (catalogs?.departments.find((d) => d.id === id)?.name ?? '—') : '—');
  const filtered = !!(status || agentId || departmentId || tags || from || to || text);
  const page = prev.length + 1;

  return (
    <>
      <PageHeader title="Conversation history" description="Every conversation you may see, newest first." />
      <form className="toolbar card history-filters" role="search" aria-label="Filter conversations" onSubmit={apply}>
        <fieldset className="toolbar-field status-filter">
          <legend className="field-label">Status</legend>
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
        <div className="toolbar-field">
          <label className="field-label" htmlFor="history-agent">
            Agent
          </label>
          <select
            id="history-agent"
            className="input select"
            value={agentId}
            onChange={(e) => filter({ agent: e.target.value })}
          >
            <option value="">All agents</option>
            {agents.map((a) => (
              <option key={a.userId} value={a.userId}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-field">
          <label className="field-label" htmlFor="history-department">
            Department
          </label>
          <select
            id="history-department"
            className="input select"
            value={departmentId}
            onChange={(e) => filter({ department: e.target.value })}
          >
            <option value="">All departments</option>
            {catalogs?.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.archived ? ' (archived)' : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-field">
          <label className="field-label" htmlFor="history-tags">
            Tags
          </label>
          <input
            id="history-tags"
            className="input"
            placeholder="e.g. billing, vip"
            value={form.tags}
            onChange={(e) => setForm({ ...form, tags: e.target.value })}
          />
        </div>
        <div className="toolbar-field">
          <label className="field-label" htmlFor="history-from">
            From
          </label>
          <input
            id="history-from"
            className="input"
            type="date"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </div>
        <div className="toolbar-field">
          <label className="field-label" htmlFor="history-to">
            To
          </label>
          <input
            id="history-to"
            className="input"
            type="date"
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
          />
        </div>
        <div className="toolbar-field toolbar-grow">
          <label className="field-label" htmlFor="history-q">
            Text
          </label>
          <input
            id="history-q"
            className="input"
            type="search"
            placeholder="Visitor name, email, topic…"
            value={form.text}
            onChange={(e) => setForm({ ...form, text: e.target.value })}
          />
        </div>
        <button type="submit" className="btn btn-secondary">
          Search
        </button>
        {filtered && (
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => filter({ status: '', agent: '', department: '', tags: '', from: '', to: '', q: '' })}
          >
            Clear filters
          </button>
        )}
      </form>

      {list.error !== undefined && (
        <Alert tone="error" title="The conversations could not be loaded.">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <div className="card table-card" aria-busy={list.loading}>
          <table className="table">
            <caption className="visually-hidden">Conversations, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Visitor</th>
                <th scope="col">Status</th>
                <th scope="col">Agent</th>
                <th scope="col">Department</th>
                <th scope="col">Tags</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/conversations/${c.id}`} className="cell-title">
                      {visitorLabel(c)}
                    </Link>
                    <span className="cell-sub cell-break">
                      {c.topic || c.lastMessagePreview || c.visitor.email || ''}
                    </span>
                  </td>
                  <td>
                    <Badge tone={statusTone(c.status)}>{statusLabel(c.status)}</Badge>
                  </td>
                  <td>{c.agent?.name ?? '—'}</td>
                  <td>{deptName(c.departmentId)}</td>
                  <td>
                    <span className="badge-list">
                      {c.tags.map((t) => (
                        <Badge key={t}>{t}</Badge>
                      ))}
                    </span>
                  </td>
                  <td className="cell-nowrap">
                    <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
                  </td>
                </tr>
              ))}
              {list.data.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="empty">
                    {filtered ? 'No conversation matches these filters.' : 'No conversations yet.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <div className="pager">
            <p role="status">
              Page {page}
              {list.data.items.length > 0 ? `, ${list.data.items.length} conversations` : ''}
            </p>
            <div className="pager-buttons">
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={page <= 1}
                onClick={() => {
                  const back = prev[prev.length - 1];
                  setQuery({ cursor: back === '-' ? undefined : back, prev: prev.slice(0, -1).join('.') });
                }}
              >
                Previous
              </button>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={!list.data.nextCursor}
                onClick={() =>
                  setQuery({ cursor: list.data!.nextCursor ?? undefined, prev: [...prev, cursor || '-'].join('.') })
                }
              >
                Next
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}

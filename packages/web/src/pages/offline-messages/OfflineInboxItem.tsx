import type { OfflineInboxDetail, OfflineReplyView } from '@parley/shared';
import { useCallback, useState, type FormEvent } from 'react';
import { loadCatalogs } from '../../api/catalogs';
import { errorMessage } from '../../api/client';
import { offlineInboxApi } from '../../api/offlineInbox';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { formatDateTime } from '../../components/format';
import { useAsync } from '../../components/useAsync';
import { setQuery } from '../../lib/router';
import { allowed, useSession } from '../../lib/session';
import { StateBadge } from './StateBadge';
import { inboxChanged, useRefreshOnFocus } from './refresh';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';

const MAX_REPLY = 10_000;

/** One inbox item: the visitor's message, what may be done with it, and the thread of email replies. */
export function OfflineInboxItemPanel({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { user } = useSession();
  const manages = allowed(user, ['admin', 'manager']);
  const works = allowed(user, ['admin', 'manager', 'agent']);
  const item = useAsync(() => offlineInboxApi.get(id), [id]);
  useRefreshOnFocus(item.reload);
  const catalogs = useAsync(() => (manages ? loadCatalogs() : Promise.resolve(undefined)), [manages]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const run = useCallback(
    async (action: () => Promise<OfflineInboxDetail>) => {
      setBusy(true);
      setError(undefined);
      try {
        item.setData(await action());
        onChanged();
        inboxChanged();
        return true;
      } catch (err) {
        setError(err);
        item.reload();
        return false;
      } finally {
        setBusy(false);
      }
    },
    [item, onChanged],
  );

  // A claimed item leaves the Open list: show the caller's own, where it now is.
  const claim = async () => {
    if (await run(() => offlineInboxApi.claim(id))) setQuery({ show: 'mine' }, { replace: true });
  };

  if (item.error !== undefined)
    return (
      <section className="card inbox-item" aria-label={t('Offline message')}>
        <Alert tone="error" title={t('This offline message could not be loaded.')}>
          {errorMessage(item.error)}
        </Alert>
      </section>
    );
  const m = item.data;
  if (!m) return <section className="card inbox-item" aria-label={t('Offline message')} aria-busy="true" />;

  const mine = m.state === 'claimed' && m.claimedBy?.id === user.id;
  const departments = catalogs.data?.departments ?? [];
  const department = departments.find((d) => d.id === m.departmentId);
  const agentNames = catalogs.data?.agentNames ?? {};
  const assignable = (department ? department.agents.map((a) => a.userId) : Object.keys(agentNames)).filter(
    (uid) => agentNames[uid] !== undefined,
  );

  return (
    <section className="card inbox-item" aria-label={t('Offline message')}>
      <header className="inbox-item-head">
        <div>
          <h2>{m.subject || t('Offline message')}</h2>
          <p className="cell-sub">
            {tx('From {name} <{email}>', { name: <strong>{m.name}</strong>, email: m.email })}
            {department ? ` · ${department.name}` : ''} ·{' '}
            <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
          </p>
        </div>
        <StateBadge item={m} />
      </header>
      <p className="inbox-message offline-text">{m.message}</p>
      {m.state === 'done' && m.doneBy && (
        <p className="cell-sub">
          {m.doneAt
            ? t('Marked done by {name} on {date}.', { name: m.doneBy, date: formatDateTime(m.doneAt) })
            : t('Marked done by {name}.', { name: m.doneBy })}
        </p>
      )}
      {error !== undefined && (
        <Alert tone="error" title={t('That did not work.')}>
          {errorMessage(error)}
        </Alert>
      )}
      {works && (
        <div className="inbox-actions">
          {m.state === 'open' && (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void claim()}>
              {t('Claim')}
            </button>
          )}
          {m.state === 'claimed' && (mine || manages) && (
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy}
              onClick={() => void run(() => offlineInboxApi.release(id))}
            >
              {t('Release')}
            </button>
          )}
          {(mine || (manages && m.state !== 'done')) && (
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy}
              onClick={() => void run(() => offlineInboxApi.done(id))}
            >
              {t('Mark done')}
            </button>
          )}
          {m.state === 'done' && (
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy}
              onClick={() => void run(() => offlineInboxApi.reopen(id))}
            >
              {t('Reopen')}
            </button>
          )}
          {manages && m.state !== 'done' && assignable.length > 0 && (
            <label className="inbox-assign">
              <span>{t('Assign to')}</span>
              <select
                className="input select"
                value=""
                disabled={busy}
                onChange={(e) => e.target.value && void run(() => offlineInboxApi.assign(id, e.target.value))}
              >
                <option value="">{t('Choose an agent…')}</option>
                {assignable.map((uid) => (
                  <option key={uid} value={uid}>
                    {agentNames[uid]}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      <h3 className="inbox-thread-title">{t('Replies')}</h3>
      {m.replies.length === 0 ? (
        <p className="cell-sub">{t('No reply yet.')}</p>
      ) : (
        <ol className="inbox-thread">
          {m.replies.map((r) => (
            <ReplyEntry key={r.id} reply={r} />
          ))}
        </ol>
      )}
      {mine && <ReplyForm email={m.email} send={(text) => run(() => offlineInboxApi.reply(id, text))} busy={busy} />}
      {m.state === 'open' && works && <p className="cell-sub">{t('Claim it to reply.')}</p>}
    </section>
  );
}

const sendState = {
  pending: { tone: 'neutral', label: 'Sending' },
  sent: { tone: 'success', label: 'Sent' },
  failed: { tone: 'danger', label: 'Not sent' },
} as const;

function ReplyEntry({ reply }: { reply: OfflineReplyView }) {
  const s = sendState[reply.state];
  return (
    <li className="inbox-reply">
      <p className="cell-sub">
        <strong>{reply.author.name}</strong> · <time dateTime={reply.createdAt}>{formatDateTime(reply.createdAt)}</time>{' '}
        <Badge tone={s.tone} title={reply.error ?? undefined}>
          {t(s.label)}
        </Badge>
      </p>
      <p className="offline-text">{reply.text}</p>
    </li>
  );
}

function ReplyForm({ email, send, busy }: { email: string; send: (text: string) => Promise<boolean>; busy: boolean }) {
  const [text, setText] = useState('');
  const tooLong = text.length > MAX_REPLY;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim() || tooLong) return;
    if (await send(text)) setText('');
  };
  return (
    <form className="inbox-reply-form" onSubmit={(e) => void submit(e)}>
      <label className="field-label" htmlFor="inbox-reply">
        {t('Reply by email to {email}', { email })}
      </label>
      <textarea
        id="inbox-reply"
        className="input textarea"
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={tooLong ? true : undefined}
        aria-describedby="inbox-reply-hint"
      />
      <p className={tooLong ? 'field-error' : 'field-hint'} id="inbox-reply-hint">
        {tooLong
          ? t('At most {max} characters ({count} now).', { max: MAX_REPLY, count: text.length })
          : t('Sent from the help desk address; the visitor’s answer comes back by email.')}
      </p>
      <button type="submit" className="btn btn-primary" disabled={busy || !text.trim() || tooLong}>
        {t('Send reply')}
      </button>
    </form>
  );
}

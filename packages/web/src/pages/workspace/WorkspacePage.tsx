import type { ConversationView, WorkspaceSettings } from '@parley/shared';
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useCatalogs } from '../../api/catalogs';
import { hasNavigated, Link, navigate, type PageProps } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { clearFlash, peekFlash } from '../../components/flash';
import { formatElapsed, formatTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { useNow } from '../../components/useNow';
import { useStore } from '../../lib/store';
import { ConversationPane } from '../conversation/ConversationPane';
import { askNotificationPermission, notificationState, type NotificationState } from '../../workspace/alerts';
import { useOmni, useWorkspaceSettings } from '../../workspace/OmniProvider';
import { visitorLabel, type Workspace } from '../../workspace/workspace';
import type { Realtime } from '../../realtime/realtime';
import { ClosedHoursNotice } from './ClosedHoursNotice';
import { t } from '../../i18n';
import { ChannelBadge, InboxChannelFilter } from '../../components/ChannelBadge';

/** The agent workspace: the queue and my conversations on the left, the open conversation beside them. */
export function WorkspacePage({ params }: PageProps) {
  const omni = useOmni();
  const id = params.id;
  // Opening the workspace reads its settings again (they may have changed since the app started).
  useEffect(() => {
    void omni?.workspace.loadSettings();
  }, [omni]);
  if (!omni) return <Loading label={t('Connecting…')} />;
  return (
    <div className={`workspace${id ? ' has-conversation' : ''}`}>
      <Inbox workspace={omni.workspace} realtime={omni.realtime} current={id} />
      {id ? (
        <ConversationPane key={id} id={id} back={{ to: '/workspace', label: t('Conversations') }} />
      ) : (
        <Welcome workspace={omni.workspace} />
      )}
    </div>
  );
}

function Inbox(props: { workspace: Workspace; realtime: Realtime; current: string | undefined }) {
  const { workspace, current } = props;
  const s = useStore(workspace.state);
  const settings = useWorkspaceSettings();
  const [channel, setChannel] = useState('');
  const shown = (c: ConversationView) => !channel || c.channel === channel;
  const open = s.mine.filter((c) => c.status === 'open' && shown(c));
  const onHold = s.mine.filter((c) => c.status === 'on-hold' && shown(c));
  return (
    <div className="inbox" role="navigation" aria-label={t('Inbox')}>
      {s.error !== undefined && (
        <Alert tone="error" title={t('The conversations could not be loaded.')}>
          {errorMessage(s.error)}{' '}
          <button type="button" className="link-button" onClick={() => void workspace.load()}>
            {t('Try again')}
          </button>
        </Alert>
      )}
      {settings?.['omnichannel.enabled'] === false && (
        <Alert tone="warning" title={t('Omnichannel is turned off.')}>
          {t('The widget is hidden and new conversations are refused until an administrator turns it back on.')}
        </Alert>
      )}
      {workspace.agent && <ClosedHoursNotice realtime={props.realtime} />}
      {!s.loaded && <Loading />}
      <InboxChannelFilter value={channel} onChange={setChannel} />
      <QueueSection workspace={workspace} queue={s.queue.filter(shown)} current={current} settings={settings} />
      {workspace.agent && (
        <>
          <section className="inbox-section" aria-labelledby="inbox-open">
            <h2 id="inbox-open">
              {t('My conversations')} <span className="count">{open.length}</span>
            </h2>
            <ConversationList items={open} unread={s.unread} current={current} empty={t('No open conversation.')} />
          </section>
          <section className="inbox-section" aria-labelledby="inbox-hold">
            <h2 id="inbox-hold">
              {t('On hold')} <span className="count">{onHold.length}</span>
            </h2>
            <ConversationList items={onHold} unread={s.unread} current={current} empty={t('Nothing on hold.')} />
          </section>
        </>
      )}
    </div>
  );
}

function QueueSection(props: {
  workspace: Workspace;
  queue: ConversationView[];
  current: string | undefined;
  settings: WorkspaceSettings | undefined;
}) {
  const { workspace, queue, current } = props;
  // Manual routing: taking chats from the queue is the agents' job. Other methods assign chats
  // themselves; a chat waits only while nobody has room, and an agent may still take it.
  const manual = (props.settings?.['routing.method'] ?? 'manual') === 'manual';
  const catalogs = useCatalogs();
  const [taking, setTaking] = useState<string>();
  const [error, setError] = useState<string>();
  const take = async (c: ConversationView) => {
    setTaking(c.id);
    setError(undefined);
    try {
      const v = await workspace.take(c.id);
      navigate(`/workspace/${v.id}`);
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'conversation.already-taken'
          ? t('{visitor}: another agent was faster.', { visitor: visitorLabel(c) })
          : errorMessage(err),
      );
    } finally {
      setTaking(undefined);
    }
  };
  const dept = (id: string | null) => (id ? catalogs?.departments.find((d) => d.id === id)?.name : undefined);
  return (
    <section className="inbox-section" aria-labelledby="inbox-queue">
      <h2 id="inbox-queue">
        {t('Queue')} <span className="count">{queue.length}</span>
      </h2>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {queue.length === 0 ? (
        <p className="inbox-empty">{t('Nobody is waiting.')}</p>
      ) : (
        <>
          {!manual && workspace.agent && (
            <p className="inbox-hint">
              {t('Chats are assigned automatically when an agent has room; you may take one now.')}
            </p>
          )}
          <ul className="inbox-list">
            {queue.map((c) => (
              <li key={c.id} className="inbox-item queue-item">
                <Link
                  to={`/workspace/${c.id}`}
                  className="inbox-link"
                  aria-current={c.id === current ? 'page' : undefined}
                >
                  <span className="inbox-name">{visitorLabel(c)}</span>
                  <ChannelBadge id={c.channel} />
                  <span className="inbox-sub">
                    {dept(c.departmentId) ?? t('No department')}
                    {c.lastMessagePreview ? ` · ${c.lastMessagePreview}` : ''}
                  </span>
                </Link>
                <span className="wait" title={t('Waiting time')}>
                  <span className="visually-hidden">{t('Waiting')} </span>
                  <WaitingTime since={c.queuedAt ?? c.createdAt} />
                </span>
                {workspace.agent && (
                  <button
                    type="button"
                    className={`btn ${manual ? 'btn-primary' : 'btn-secondary'} btn-small`}
                    disabled={taking !== undefined}
                    onClick={() => void take(c)}
                    aria-label={t('Take the conversation with {visitor}', { visitor: visitorLabel(c) })}
                  >
                    {t('Take')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** A clock of the waiting time; the app's one-second ticker runs only while one is on screen. */
function WaitingTime({ since }: { since: string }) {
  const now = useNow();
  return <time dateTime={since}>{formatElapsed(since, now)}</time>;
}

function ConversationList(props: {
  items: ConversationView[];
  unread: Record<string, number>;
  current: string | undefined;
  empty: string;
}) {
  if (props.items.length === 0) return <p className="inbox-empty">{props.empty}</p>;
  return (
    <ul className="inbox-list">
      {props.items.map((c) => {
        const unread = props.unread[c.id] ?? 0;
        return (
          <li key={c.id} className={`inbox-item${unread ? ' has-unread' : ''}`}>
            <Link
              to={`/workspace/${c.id}`}
              className="inbox-link"
              aria-current={c.id === props.current ? 'page' : undefined}
            >
              <span className="inbox-line">
                <span className="inbox-name">{visitorLabel(c)}</span>
                <ChannelBadge id={c.channel} />
                {c.lastMessageAt && (
                  <time className="inbox-time" dateTime={c.lastMessageAt}>
                    {formatTime(c.lastMessageAt)}
                  </time>
                )}
              </span>
              <span className="inbox-line">
                <span className="inbox-sub">{c.lastMessagePreview ?? t('No message yet')}</span>
                {unread > 0 && (
                  <span className="unread" data-testid="unread">
                    {unread}
                    <span className="visually-hidden">
                      {' '}
                      {t('{unread, plural, one {unread message} other {unread messages}}', { unread })}
                    </span>
                  </span>
                )}
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function Welcome({ workspace }: { workspace: Workspace }) {
  const [notice] = useState(peekFlash);
  useEffect(() => clearFlash(), []);
  const [permission, setPermission] = useState<NotificationState>(notificationState);
  const heading = (el: HTMLHeadingElement | null) => {
    if (el && hasNavigated()) el.focus({ preventScroll: true });
  };
  useEffect(() => {
    document.title = `${t('Conversations')} · Parley`;
  }, []);
  const s = useStore(workspace.state);
  const settings = useWorkspaceSettings();
  const manual = settings?.['routing.method'] === 'manual';
  return (
    <div className="conversation conversation-empty">
      <h1 ref={heading} tabIndex={-1}>
        {t('Conversations')}
      </h1>
      {notice && <Alert tone="success" title={notice} />}
      <p className="muted">
        {workspace.agent
          ? s.status?.availability === 'available'
            ? manual
              ? t('You are available: new conversations wait in the queue for you or a colleague to take them.')
              : t(
                  'You are available: new conversations arrive in your list, or wait in the queue for you to take them.',
                )
            : t('You are not available. Turn on “Available” at the top to receive conversations.')
          : t('Pick a waiting conversation to follow it. Agents answer them.')}
      </p>
      {permission === 'default' && (
        <p>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => void askNotificationPermission().then(setPermission)}
          >
            {t('Turn on desktop notifications')}
          </button>
        </p>
      )}
      {permission === 'denied' && (
        <p className="muted small">{t('Desktop notifications are blocked in this browser’s site settings.')}</p>
      )}
      <p className="muted small">
        <Link to="/conversations">{t('Conversation history')}</Link>
      </p>
    </div>
  );
}

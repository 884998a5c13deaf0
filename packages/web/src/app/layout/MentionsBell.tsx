import type { MentionView } from '@parley/shared';
import { useEffect, useRef, useState } from 'react';
import { mentionsApi } from '../../api/mentions';
import { formatDateTime, formatTime } from '../../components/format';
import { Icon } from '../../components/Icon';
import { navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import type { Realtime } from '../../realtime/realtime';
import { useOmni } from '../../workspace/OmniProvider';
import { t } from '../../i18n';

/**
 * The top bar's bell: the colleagues' notes that mention me (`@username`), with the unread count. Loaded at
 * start and after each reconnection, live from `mention.created` frames. Choosing one marks it read and
 * opens its conversation (whose page, as always, checks that I may read it).
 */
export function MentionsBell() {
  const omni = useOmni();
  if (!omni) return null;
  return <Bell realtime={omni.realtime} />;
}

function Bell({ realtime }: { realtime: Realtime }) {
  const { user } = useSession();
  // Those who work in chats open it in the workspace; monitors in History.
  const worker = user.roles.some((r) => r === 'agent' || r === 'admin' || r === 'manager');
  const [items, setItems] = useState<MentionView[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      mentionsApi.list({ limit: 20 }).then(
        (r) => {
          if (!live) return;
          setItems(r.items);
          setUnread(r.unread);
        },
        () => undefined, // the next reconnection asks again
      );
    void load();
    const stopFrames = realtime.onFrame((f) => {
      if (f.type !== 'mention.created') return;
      setItems((xs) => (xs.some((x) => x.id === f.mention.id) ? xs : [f.mention, ...xs].slice(0, 20)));
      setUnread((n) => n + 1);
    });
    const stopReconnect = realtime.onReconnect(() => void load());
    return () => {
      live = false;
      stopFrames();
      stopReconnect();
    };
  }, [realtime]);

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const follow = (m: MentionView) => {
    setOpen(false);
    if (!m.readAt) {
      setItems((xs) => xs.map((x) => (x.id === m.id ? { ...x, readAt: new Date().toISOString() } : x)));
      setUnread((n) => Math.max(0, n - 1));
      void mentionsApi.read(m.id).catch(() => undefined);
    }
    navigate(`${worker ? '/workspace' : '/conversations'}/${encodeURIComponent(m.conversationId)}`);
  };

  const readAll = () => {
    setItems((xs) => xs.map((x) => (x.readAt ? x : { ...x, readAt: new Date().toISOString() })));
    setUnread(0);
    void mentionsApi.readAll().catch(() => undefined);
  };

  const label = unread > 0 ? t('Mentions, {unread} unread', { unread }) : t('Mentions');
  return (
    <div
      className="mentions"
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          box.current?.querySelector<HTMLButtonElement>('.mentions-button')?.focus();
        }
      }}
    >
      <button
        type="button"
        className="mentions-button"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls="mentions-panel"
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="bell" />
        {unread > 0 && (
          <span className="mentions-count" data-testid="mentions-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div id="mentions-panel" className="mentions-panel" role="region" aria-label={t('Mentions')}>
          <div className="mentions-head">
            <strong>{t('Mentions')}</strong>
            {unread > 0 && (
              <button type="button" className="link-button" onClick={readAll}>
                {t('Mark all read')}
              </button>
            )}
          </div>
          {items.length === 0 ? (
            <p className="mentions-empty muted">{t('No one has mentioned you in a note yet.')}</p>
          ) : (
            <ul className="mentions-list">
              {items.map((m) => (
                <li key={m.id}>
                  <button
                    type="button"
                    className={m.readAt ? 'mention-item' : 'mention-item mention-unread'}
                    onClick={() => follow(m)}
                  >
                    <span className="mention-who">
                      {t('{name} mentioned you', { name: m.by.name })}
                      {m.readAt ? '' : <span className="visually-hidden"> {t('(unread)')}</span>}
                    </span>
                    <span className="mention-excerpt">{m.excerpt}</span>
                    <time dateTime={m.createdAt} title={formatDateTime(m.createdAt)}>
                      {formatTime(m.createdAt)}
                    </time>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

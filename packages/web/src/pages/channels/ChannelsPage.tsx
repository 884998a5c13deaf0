import type { ChannelView } from '@parley/shared';
import { useState } from 'react';
import { useCatalogs } from '../../api/catalogs';
import { channelsApi } from '../../api/channels';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ChannelIcon, invalidateChannels } from '../../components/ChannelBadge';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { t } from '../../i18n';
import { ChannelForm } from './ChannelForm';
import { ChannelSecrets } from './ChannelSecrets';
import { typeLabels } from './typeForms';
import './channels.css';

const stateTones = { ok: 'success', error: 'danger', connecting: 'warning', disabled: 'neutral' } as const;
// English here, translated where shown.
const stateLabels = { ok: 'Working', error: 'Failing', connecting: 'Connecting', disabled: 'Disabled' } as const;

/**
 * Administration → Channels (issue 22): every way conversations reach Parley — the website widget, email
 * inboxes, API channels — with their status; create, edit, disable, remove; an API channel's token and
 * signing secret are shown once (at creation, or when replaced).
 */
export function ChannelsPage() {
  const list = useAsync(() => channelsApi.list() as Promise<{ items: ChannelView[] }>, []);
  const catalogs = useCatalogs();
  const [editing, setEditing] = useState<ChannelView | 'new'>();
  const [secrets, setSecrets] = useState<{ name: string; token?: string; secret?: string }>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const dept = (id: string | null) => (id ? (catalogs?.departments.find((d) => d.id === id)?.name ?? '—') : '—');

  const act = async (work: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
      invalidateChannels();
      setNotice(done);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const rotate = (c: ChannelView, what: 'token' | 'secret') =>
    act(
      async () => {
        const r = await channelsApi.rotate(c.id, { [what]: true });
        setSecrets({ name: c.name, ...(r.token ? { token: r.token } : {}), ...(r.secret ? { secret: r.secret } : {}) });
      },
      what === 'token' ? t('A new token replaced the old one.') : t('A new signing secret replaced the old one.'),
    );

  return (
    <>
      <PageHeader
        title={t('Channels')}
        description={t('Every way conversations reach you: the website widget, email inboxes and API channels.')}
        actions={
          !editing && (
            <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
              {t('New channel')}
            </button>
          )
        }
      />
      {notice && <Alert tone="success" title={notice} />}
      {error !== undefined && <Alert tone="error" title={errorMessage(error)} />}
      {secrets && <ChannelSecrets {...secrets} onDone={() => setSecrets(undefined)} />}
      {editing && (
        <ChannelForm
          editing={editing}
          onCancel={() => setEditing(undefined)}
          onSaved={({ channel, secrets: made }) => {
            setEditing(undefined);
            setNotice(editing === 'new' ? t('Channel “{name}” created.', { name: channel.name }) : t('Saved.'));
            if (made?.token || made?.secret)
              setSecrets({
                name: channel.name,
                ...(made.token ? { token: made.token } : {}),
                ...(made.secret ? { secret: made.secret } : {}),
              });
            list.reload();
          }}
        />
      )}
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <Alert tone="error" title={t('The channels could not be loaded.')} />}
      {list.data && (
        <table className="table channels-table">
          <caption className="visually-hidden">{t('Channels')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              <th scope="col">{t('Type')}</th>
              <th scope="col">{t('Default department')}</th>
              <th scope="col">{t('Status')}</th>
              <th scope="col">{t('Actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((c) => (
              <tr key={c.id} data-channel={c.id}>
                <td>
                  <span className="cell-title">{c.name}</span>
                  {c.api && (
                    <span className="cell-sub">
                      {c.api.callbackUrl
                        ? t('Replies to {url}', { url: c.api.callbackUrl })
                        : t('No callback URL: replies are read through the API')}
                      {' · '}
                      {t('token {hint}…', { hint: c.api.tokenHint })}
                    </span>
                  )}
                </td>
                <td>
                  <span className="channel-badge">
                    <ChannelIcon type={c.type} /> {t(typeLabels[c.type])}
                  </span>
                </td>
                <td>{dept(c.departmentId)}</td>
                <td>
                  <Badge tone={stateTones[c.status.state]} title={c.status.detail}>
                    {t(stateLabels[c.status.state])}
                  </Badge>
                  {c.status.detail && <span className="cell-sub cell-break">{c.status.detail}</span>}
                </td>
                <td>
                  <div className="row-actions">
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(c)}>
                      {t('Edit')}
                      <span className="visually-hidden"> {c.name}</span>
                    </button>
                    {c.type !== 'widget' && (
                      <button
                        type="button"
                        className="btn btn-secondary btn-small"
                        onClick={() =>
                          void act(
                            () => channelsApi.update(c.id, { enabled: !c.enabled }),
                            c.enabled
                              ? t('“{name}” is disabled.', { name: c.name })
                              : t('“{name}” is enabled.', { name: c.name }),
                          )
                        }
                      >
                        {c.enabled ? t('Disable') : t('Enable')}
                        <span className="visually-hidden"> {c.name}</span>
                      </button>
                    )}
                    {c.type === 'api' && (
                      <>
                        <button
                          type="button"
                          className="btn btn-secondary btn-small"
                          onClick={() => void rotate(c, 'token')}
                        >
                          {t('New token')}
                          <span className="visually-hidden"> {c.name}</span>
                        </button>
                        <button
                          type="button"
                          className="btn btn-secondary btn-small"
                          onClick={() => void rotate(c, 'secret')}
                        >
                          {t('New secret')}
                          <span className="visually-hidden"> {c.name}</span>
                        </button>
                      </>
                    )}
                    {c.type !== 'widget' && (
                      <button
                        type="button"
                        className="btn btn-danger btn-small"
                        onClick={() => {
                          if (!window.confirm(t('Remove the channel “{name}”?', { name: c.name }))) return;
                          void act(() => channelsApi.remove(c.id), t('“{name}” was removed.', { name: c.name }));
                        }}
                      >
                        {t('Remove')}
                        <span className="visually-hidden"> {c.name}</span>
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

import type { WebhookDeliveryView, WebhookEndpointView } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { webhooksApi } from '../../api/webhooks';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../components/useAsync';
import { Link } from '../../lib/router';
import { endpointName, eventLabel, otherError, prettyBody, statusLabels, statusTones } from './model';
import { usePoll } from './usePoll';
import { t } from '../../i18n';

const MAX_ATTEMPTS = 10;

export function StatusBadge({ d }: { d: Pick<WebhookDeliveryView, 'status'> }) {
  return <Badge tone={statusTones[d.status]}>{t(statusLabels[d.status])}</Badge>;
}

/**
 * One delivery: what was sent (the body, indented, as text), every attempt with the endpoint's answer,
 * and Redeliver (a new delivery with the same body) once it has ended. Refreshed while it is pending.
 */
export function DeliveryDetail(props: {
  id: string;
  endpoints: WebhookEndpointView[];
  onClose: () => void;
  onOpen: (id: string) => void;
  onRedelivered: (copy: WebhookDeliveryView) => void;
}) {
  const detail = useAsync(() => webhooksApi.delivery(props.id), [props.id]);
  const d = detail.data?.id === props.id ? detail.data : undefined;
  usePoll(d?.status === 'pending', detail.reload);
  const [redelivery, setRedelivery] = useState<{ busy: boolean; copy?: WebhookDeliveryView; error?: unknown }>({
    busy: false,
  });

  const redeliver = async () => {
    setRedelivery({ busy: true });
    try {
      const copy = await webhooksApi.redeliver(props.id);
      setRedelivery({ busy: false, copy });
      props.onRedelivered(copy);
    } catch (error) {
      setRedelivery({ busy: false, error });
    }
  };

  return (
    <Dialog title={t('Webhook delivery')} onClose={props.onClose} wide>
      {!d && detail.loading && <Loading />}
      {detail.error !== undefined && (
        <Alert tone="error" title={t('The delivery could not be loaded.')}>
          {errorMessage(detail.error)}
        </Alert>
      )}
      {d && (
        <div className="stack delivery-detail">
          <dl className="details">
            <dt>{t('Endpoint')}</dt>
            <dd>{endpointName(d.endpointId, props.endpoints)}</dd>
            <dt>{t('Event')}</dt>
            <dd>
              {eventLabel(d.event)}
              {d.type && <span className="muted"> ({d.type})</span>}
            </dd>
            <dt>{t('Status')}</dt>
            <dd>
              <StatusBadge d={d} />{' '}
              {t('{count, plural, one {after # attempt} other {after # attempts}}', { count: d.attempts })}
              {d.status === 'pending' && d.nextAttemptAt && (
                <span className="muted">
                  {' · '}
                  {t('next attempt {at}', { at: formatDateTime(d.nextAttemptAt) })}
                </span>
              )}
            </dd>
            <dt>{t('Created')}</dt>
            <dd>
              <time dateTime={d.createdAt}>{formatDateTime(d.createdAt)}</time>
            </dd>
            {d.finishedAt && (
              <>
                <dt>{t('Ended')}</dt>
                <dd>
                  <time dateTime={d.finishedAt}>{formatDateTime(d.finishedAt)}</time>
                </dd>
              </>
            )}
            {d.conversationId && (
              <>
                <dt>{t('Conversation')}</dt>
                <dd>
                  <Link to={`/conversations/${encodeURIComponent(d.conversationId)}`}>{d.conversationId}</Link>
                </dd>
              </>
            )}
            {d.redeliveryOf && (
              <>
                <dt>{t('Redelivery of')}</dt>
                <dd>
                  <button type="button" className="link-button" onClick={() => props.onOpen(d.redeliveryOf!)}>
                    {d.redeliveryOf}
                  </button>
                </dd>
              </>
            )}
            <dt>{t('Delivery id')}</dt>
            <dd>
              <code>{d.id}</code>
            </dd>
          </dl>

          <div className="redeliver">
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void redeliver()}
              disabled={d.status === 'pending' || redelivery.busy}
              aria-describedby="redeliver-hint"
            >
              {redelivery.busy ? t('Redelivering…') : t('Redeliver')}
            </button>
            <p className="field-hint" id="redeliver-hint">
              {d.status === 'pending'
                ? t('Still being attempted (attempt {attempt} of {max}): it can be redelivered once it has ended.', {
                    attempt: d.attempts,
                    max: MAX_ATTEMPTS,
                  })
                : t('Sends the same body again as a new delivery (its own X-Parley-Delivery id).')}
            </p>
          </div>
          {redelivery.copy && (
            <Alert tone="success" title={t('Redelivered as a new delivery.')}>
              <button type="button" className="link-button" onClick={() => props.onOpen(redelivery.copy!.id)}>
                {t('Show the new delivery')}
              </button>
            </Alert>
          )}
          {redelivery.error !== undefined && (
            <Alert tone="error" title={t('It was not redelivered.')}>
              {errorMessage(redelivery.error)}
            </Alert>
          )}

          <h3 className="subheading">{t('Attempts')}</h3>
          {d.attemptLog.length === 0 ? (
            <p className="muted">{t('No attempt yet.')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table attempts-table">
                <caption className="visually-hidden">{t('Attempts')}</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('Time')}</th>
                    <th scope="col">{t('URL')}</th>
                    <th scope="col">{t('Status')}</th>
                    <th scope="col">{t('Duration')}</th>
                    <th scope="col">{t('Answer or error')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.attemptLog.map((a) => (
                    <tr key={a.attempt}>
                      <td>{a.attempt}</td>
                      <td className="cell-nowrap">
                        <time dateTime={a.at}>{formatDateTime(a.at)}</time>
                      </td>
                      <td className="cell-break">
                        <code>{a.url || '—'}</code>
                      </td>
                      <td>{a.status ?? '—'}</td>
                      <td className="cell-nowrap">{t('{ms} ms', { ms: String(a.durationMs) })}</td>
                      <td className="cell-break">
                        {a.response && <pre className="code-block attempt-response">{a.response}</pre>}
                        {otherError(a.status, a.error) && <p className="attempt-error">{a.error}</p>}
                        {!a.response && !a.error && <span className="muted">{t('(empty answer)')}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h3 className="subheading" id="delivery-body-heading">
            {t('Body')}
          </h3>
          {d.body === null ? (
            <p className="muted">{t('Not built yet: it is fixed just before the first attempt.')}</p>
          ) : (
            <pre className="code-block delivery-body" aria-labelledby="delivery-body-heading" tabIndex={0}>
              {prettyBody(d.body)}
            </pre>
          )}
        </div>
      )}
    </Dialog>
  );
}

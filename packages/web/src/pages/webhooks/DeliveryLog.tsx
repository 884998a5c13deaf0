import type { WebhookDeliveryView, WebhookEndpointView } from '@parley/shared';
import { useCallback, useEffect, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { webhooksApi } from '../../api/webhooks';
import { FieldError } from '../../components/Field';
import { formatDateTime } from '../../components/format';
import { ListTable, ListToolbar, ToolbarField } from '../../components/list';
import { useAsync } from '../../components/useAsync';
import { Link, setQuery, useQuery } from '../../lib/router';
import { DeliveryDetail, StatusBadge } from './DeliveryDetail';
import {
  conversationFilterProblem,
  CRM_ID,
  deliveryQuery,
  endpointName,
  eventLabel,
  otherError,
  eventLabels,
  events,
  filterChanges,
  hasPending,
  mergeRefresh,
  readFilters,
  refreshLimit,
  statusLabels,
  TEST_EVENT,
  type DeliveryFilters,
  type DeliveryStatus,
  type LogState,
} from './model';
import { usePoll } from './usePoll';
import { t } from '../../i18n';

/** The open delivery's key in the URL (so a delivery can be linked to, e.g. from a Send test's answer). */
const DELIVERY_KEY = 'delivery';

/**
 * The delivery log: newest first, filtered (endpoint, event, status, conversation; kept in the URL),
 * "Load more" by cursor, refreshed every few seconds while a shown delivery is pending. A row opens its
 * detail (a dialog) with Redeliver.
 */
export function DeliveryLog({ endpoints }: { endpoints: WebhookEndpointView[] }) {
  const query = useQuery();
  const filters = readFilters(query);
  const key = JSON.stringify(filters);
  const open = query.get(DELIVERY_KEY) ?? '';
  const list = useAsync<LogState>(() => webhooksApi.deliveries(deliveryQuery(filters)), [key]);
  const [more, setMore] = useState<{ loading: boolean; error?: unknown }>({ loading: false });
  useEffect(() => setMore({ loading: false }), [key]);

  // The refresh merges into what is shown now (rows loaded with "Load more" stay) and is dropped if
  // the filters changed while it was on its way.
  const shown = useRef(list.data);
  shown.current = list.data;
  const currentKey = useRef(key);
  currentKey.current = key;
  // One refresh at a time; one asked for meanwhile (after a Redeliver) runs when it ends.
  const refreshing = useRef<'idle' | 'busy' | 'again'>('idle');
  const { setData } = list;
  const refresh = useCallback(async () => {
    if (refreshing.current !== 'idle') {
      refreshing.current = 'again';
      return;
    }
    const asked = key;
    // (a function: TypeScript would keep the narrowing of the assignment below across the await)
    const askedAgain = () => refreshing.current === 'again';
    do {
      refreshing.current = 'busy';
      const before = shown.current;
      if (!before) break;
      const limit = refreshLimit(before.items.length);
      try {
        const fresh = await webhooksApi.deliveries(deliveryQuery(JSON.parse(asked) as DeliveryFilters, { limit }));
        if (currentKey.current === asked && shown.current) setData(mergeRefresh(shown.current, fresh, limit));
      } catch {
        // The next look tries again; a lasting failure shows on the next reload.
      }
    } while (askedAgain() && currentKey.current === asked);
    refreshing.current = 'idle';
  }, [key, setData]);
  const pending = hasPending(list.data?.items ?? []);
  usePoll(pending, () => void refresh());

  const data = list.data;
  const loading = list.loading || more.loading;
  const loadMore = () => {
    if (!data?.nextCursor) return;
    setMore({ loading: true });
    webhooksApi.deliveries(deliveryQuery(filters, { before: data.nextCursor })).then(
      (r) => {
        const now = shown.current ?? data;
        const seen = new Set(now.items.map((d) => d.id));
        setData({ items: [...now.items, ...r.items.filter((d) => !seen.has(d.id))], nextCursor: r.nextCursor });
        setMore({ loading: false });
      },
      (error: unknown) => setMore({ loading: false, error }),
    );
  };

  const [conversationText, setConversationText] = useState(filters.conversationId);
  useEffect(() => setConversationText(filters.conversationId), [filters.conversationId]);
  const [conversationProblem, setConversationProblem] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = conversationFilterProblem(conversationText);
    setConversationProblem(problem);
    if (!problem) setQuery(filterChanges({ conversationId: conversationText }));
  };
  const filtered = Object.values(filters).some(Boolean);
  const openRow = (d: WebhookDeliveryView) => setQuery({ [DELIVERY_KEY]: d.id });
  const onRowClick = (e: MouseEvent, d: WebhookDeliveryView) => {
    if ((e.target as HTMLElement).closest('a, button')) return;
    openRow(d);
  };

  return (
    <section className="webhook-log" aria-labelledby="webhook-log-heading">
      <div className="section-head">
        <h2 id="webhook-log-heading">{t('Delivery log')}</h2>
        {pending && (
          <p className="muted log-live" role="status">
            {t('Pending deliveries: refreshing every few seconds.')}
          </p>
        )}
      </div>
      <ListToolbar
        label={t('Filter the delivery log')}
        submitLabel={t('Filter')}
        onSubmit={submit}
        extra={
          filtered && (
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => {
                setConversationProblem(undefined);
                setQuery(filterChanges({ endpointId: '', event: '', status: '', conversationId: '' }));
              }}
            >
              {t('Show everything')}
            </button>
          )
        }
      >
        <ToolbarField id="log-endpoint" label={t('Endpoint')}>
          <select
            id="log-endpoint"
            className="input select"
            value={filters.endpointId}
            onChange={(e) => setQuery(filterChanges({ endpointId: e.target.value }))}
          >
            <option value="">{t('All endpoints')}</option>
            <option value={CRM_ID}>{endpointName(CRM_ID, endpoints)}</option>
            {endpoints.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </ToolbarField>
        <ToolbarField id="log-event" label={t('Event')}>
          <select
            id="log-event"
            className="input select"
            value={filters.event}
            onChange={(e) => setQuery(filterChanges({ event: e.target.value }))}
          >
            <option value="">{t('All events')}</option>
            {events.map((x) => (
              <option key={x} value={x}>
                {t(eventLabels[x])}
              </option>
            ))}
            <option value={TEST_EVENT}>{eventLabel(TEST_EVENT)}</option>
          </select>
        </ToolbarField>
        <ToolbarField id="log-status" label={t('Status')}>
          <select
            id="log-status"
            className="input select"
            value={filters.status}
            onChange={(e) => setQuery(filterChanges({ status: e.target.value }))}
          >
            <option value="">{t('Any status')}</option>
            {(Object.keys(statusLabels) as DeliveryStatus[]).map((s) => (
              <option key={s} value={s}>
                {t(statusLabels[s])}
              </option>
            ))}
          </select>
        </ToolbarField>
        <ToolbarField id="log-conversation" label={t('Conversation id')} grow>
          <input
            id="log-conversation"
            className="input mono"
            type="search"
            placeholder={t('e.g. {example}', { example: '0190f3a2-…' })}
            value={conversationText}
            onChange={(e) => setConversationText(e.target.value)}
            aria-invalid={conversationProblem ? true : undefined}
            aria-describedby={conversationProblem ? 'log-conversation-error' : undefined}
          />
          <FieldError id="log-conversation" error={conversationProblem} />
        </ToolbarField>
      </ListToolbar>
      <ListTable
        items={data?.items}
        loading={loading}
        error={list.error ?? more.error}
        errorTitle={t('The delivery log could not be loaded.')}
        caption={t('Webhook deliveries, newest first')}
        className="webhook-log-table"
        columns={[t('Time'), t('Endpoint'), t('Event'), t('Conversation'), t('Status'), t('Last answer')]}
        actions
        empty={filtered ? t('No delivery matches.') : t('No deliveries yet.')}
        footer={
          data && (
            <div className="pager">
              <p role="status">
                {data.nextCursor
                  ? t('{count, plural, one {# delivery shown} other {# deliveries shown}}', {
                      count: data.items.length,
                    })
                  : t(
                      '{count, plural, one {# delivery shown (the end of the log)} other {# deliveries shown (the end of the log)}}',
                      { count: data.items.length },
                    )}
              </p>
              {data.nextCursor && (
                <button type="button" className="btn btn-secondary btn-small" onClick={loadMore} disabled={loading}>
                  {loading ? t('Loading…') : t('Load more')}
                </button>
              )}
            </div>
          )
        }
        row={(d) => (
          <tr key={d.id} className="clickable-row" onClick={(e) => onRowClick(e, d)} data-delivery={d.id}>
            <td className="cell-nowrap">
              <time dateTime={d.createdAt}>{formatDateTime(d.createdAt)}</time>
            </td>
            <td className="cell-break">{endpointName(d.endpointId, endpoints)}</td>
            <td>
              {eventLabel(d.event)}
              {d.redeliveryOf && <span className="cell-sub">{t('Redelivery')}</span>}
              {d.type && <code className="cell-sub">{d.type}</code>}
            </td>
            <td>
              {d.conversationId ? (
                <Link to={`/conversations/${encodeURIComponent(d.conversationId)}`} title={d.conversationId}>
                  {d.conversationId.slice(0, 8)}…
                </Link>
              ) : (
                '—'
              )}
            </td>
            <td className="cell-nowrap">
              <StatusBadge d={d} />
              <span className="cell-sub">
                {t('{count, plural, one {# attempt} other {# attempts}}', { count: d.attempts })}
              </span>
            </td>
            <td className="cell-break last-answer">
              {d.lastStatus !== null && <span className="cell-title cell-nowrap">HTTP {d.lastStatus}</span>}
              {otherError(d.lastStatus, d.lastError) && <span className="cell-sub">{d.lastError}</span>}
              {d.lastStatus === null && !d.lastError && '—'}
            </td>
            <td className="cell-actions">
              <button
                type="button"
                className="btn btn-secondary btn-small"
                onClick={() => openRow(d)}
                aria-label={t('Details of {event} to {endpoint}, {time}', {
                  event: eventLabel(d.event),
                  endpoint: endpointName(d.endpointId, endpoints),
                  time: formatDateTime(d.createdAt),
                })}
              >
                {t('Details')}
              </button>
            </td>
          </tr>
        )}
      />
      {open && (
        <DeliveryDetail
          key={open}
          id={open}
          endpoints={endpoints}
          onClose={() => setQuery({ [DELIVERY_KEY]: undefined })}
          onOpen={(id) => setQuery({ [DELIVERY_KEY]: id })}
          onRedelivered={() => void refresh()}
        />
      )}
    </section>
  );
}

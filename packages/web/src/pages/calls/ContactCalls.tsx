import { callsApi } from '../../api/calls';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../components/useAsync';
import { Link } from '../../lib/router';
import { callKindLabel, callStateText, durationText } from './callText';
import { t } from '../../i18n';

/** A contact's calls in their History tab (the ones I may see), newest first. */
export function ContactCalls({ contactId }: { contactId: string }) {
  const list = useAsync(() => callsApi.list({ contactId, limit: 50 }), [contactId]);
  return (
    <section className="contact-calls" aria-labelledby="contact-calls-title">
      <h3 id="contact-calls-title">{t('Calls')}</h3>
      {list.error !== undefined && <Alert tone="error">{errorMessage(list.error)}</Alert>}
      {!list.data && list.error === undefined && <Loading />}
      {list.data?.items.length === 0 && <p className="muted">{t('No calls you may see.')}</p>}
      {!!list.data?.items.length && (
        <ol className="plain-list contact-history" aria-label={t('Calls, newest first')}>
          {list.data.items.map((c) => (
            <li key={c.id}>
              <Link to={`/calls?call=${c.id}`}>{formatDateTime(c.startedAt)}</Link> {t(callKindLabel[c.kind])} ·{' '}
              {callStateText(c)} · {durationText(c.durationSeconds)}
              {c.agent ? ` · ${c.agent.name}` : ''}
              {c.wrapUpNotes ? <span className="cell-sub cell-break">{c.wrapUpNotes}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

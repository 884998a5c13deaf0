import type { CallView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { callsApi } from '../../api/calls';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../components/useAsync';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { callStateText, directionText, durationText, kindText } from './callText';
import { t } from '../../i18n';

const when = (iso: string | null) => (iso ? formatDateTime(iso) : '—');

/** One call's details: contact, agent, times, duration, wrap-up notes, and the last call with the same contact. */
export function CallDetailsPanel({
  id,
  onClose,
  onChanged,
}: {
  id: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { user } = useSession();
  const call = useAsync(() => callsApi.get(id), [id]);
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const c = call.data;
  const mayWrite = !!c && (c.agent?.id === user.id || user.roles.some((r) => r === 'admin' || r === 'manager'));

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!c || draft === undefined) return;
    setError(undefined);
    callsApi.wrapUp(c.id, draft).then(
      (v) => {
        call.setData({ ...c, ...v });
        setDraft(undefined);
        setSaved(true);
        onChanged();
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  };

  return (
    <aside className="card call-details" aria-label={t('Call details')}>
      <div className="call-details-head">
        <h2>{t('Call details')}</h2>
        <button type="button" className="btn btn-secondary btn-small" onClick={onClose}>
          {t('Close')}
        </button>
      </div>
      {call.error !== undefined && <Alert tone="error">{errorMessage(call.error)}</Alert>}
      {!c && call.error === undefined && <Loading />}
      {c && (
        <>
          <dl className="details-list">
            <dt>{t('Contact')}</dt>
            <dd>
              <Link to={`/contacts/${c.contact.id}`}>{c.contact.name ?? t('Unnamed contact')}</Link>
              {c.contact.unknown ? ` ${t('(unknown)')}` : ''}
            </dd>
            <dt>{t('Phone')}</dt>
            <dd>{c.phone ?? '—'}</dd>
            <dt>{t('Kind')}</dt>
            <dd>
              {kindText(c.kind)}, {directionText(c.direction)}
            </dd>
            <dt>{t('Agent')}</dt>
            <dd>{c.agent?.name ?? '—'}</dd>
            <dt>{t('Started')}</dt>
            <dd>{when(c.startedAt)}</dd>
            <dt>{t('Answered')}</dt>
            <dd>{when(c.answeredAt)}</dd>
            <dt>{t('Ended')}</dt>
            <dd>{when(c.endedAt)}</dd>
            <dt>{t('Duration')}</dt>
            <dd>{durationText(c.durationSeconds)}</dd>
            <dt>{t('Outcome')}</dt>
            <dd>{callStateText(c)}</dd>
            {c.recordingUrl && (
              <>
                <dt>{t('Recording')}</dt>
                <dd>
                  <a href={c.recordingUrl} target="_blank" rel="noopener noreferrer">
                    {t('Listen')}
                  </a>
                </dd>
              </>
            )}
            {c.conversationId && (
              <>
                <dt>{t('Conversation')}</dt>
                <dd>
                  <Link to={`/conversations/${c.conversationId}`}>{t('Open the conversation')}</Link>
                </dd>
              </>
            )}
          </dl>
          <h3>{t('Wrap-up notes')}</h3>
          {mayWrite ? (
            <form className="call-wrap-up" onSubmit={save}>
              <label className="visually-hidden" htmlFor={`call-notes-${c.id}`}>
                {t('Wrap-up notes')}
              </label>
              <textarea
                id={`call-notes-${c.id}`}
                className="input textarea"
                value={draft ?? c.wrapUpNotes ?? ''}
                onChange={(e) => {
                  setDraft(e.target.value);
                  setSaved(false);
                }}
              />
              <div className="form-actions">
                <button type="submit" className="btn btn-secondary btn-small" disabled={draft === undefined}>
                  {t('Save notes')}
                </button>
                {saved && <span role="status">{t('Notes saved')}</span>}
              </div>
            </form>
          ) : (
            <p className="call-notes">{c.wrapUpNotes ?? t('No notes.')}</p>
          )}
          {error && <p className="field-error">{error}</p>}
          <h3>{t('Last call with this contact')}</h3>
          {c.previousCall ? <PreviousCall c={c.previousCall} /> : <p className="muted">{t('None before this one.')}</p>}
        </>
      )}
    </aside>
  );
}

function PreviousCall({ c }: { c: CallView }) {
  return (
    <p className="previous-call">
      {formatDateTime(c.startedAt)} · {kindText(c.kind)} · {callStateText(c)} · {durationText(c.durationSeconds)}
      {c.agent ? ` · ${c.agent.name}` : ''}
      {c.wrapUpNotes ? <span className="cell-sub cell-break">{c.wrapUpNotes}</span> : null}
    </p>
  );
}

import type { CallDetails, MessageView } from '@parley/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { callsApi, openCall } from '../../api/calls';
import { errorMessage } from '../../api/client';
import { formatDateTime, formatTime } from '../../components/format';
import { useSession } from '../../lib/session';
import { durationText } from '../calls/callText';
import { systemText } from './systemText';
import { t } from '../../i18n';

/**
 * A call card in the timeline (issue 17): what the call is now (the card changes live with the call),
 * Open call and End call while it goes on, and the wrap-up notes its agent writes and edits after it.
 * Staff who may not see the call (another agent's) get the line of text only.
 */
export function CallCard({ message: m }: { message: MessageView }) {
  const { user } = useSession();
  const callId = typeof m.data?.callId === 'string' ? m.data.callId : undefined;
  const [call, setCall] = useState<CallDetails>();
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!callId) return;
    let current = true;
    callsApi.get(callId).then(
      (c) => current && setCall(c),
      () => undefined, // not theirs to see: the line of text stays
    );
    return () => {
      current = false;
    };
  }, [callId, m.updatedSeq]);

  const mayAct = !!call && (call.agent?.id === user.id || user.roles.some((r) => r === 'admin' || r === 'manager'));
  const going = call ? call.status !== 'ended' : m.data?.status !== 'ended';
  const act = (f: () => Promise<unknown>) => {
    setError(undefined);
    setBusy(true);
    f()
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!call || draft === undefined) return;
    act(async () => {
      const c = await callsApi.wrapUp(call.id, draft);
      setCall({ ...call, ...c });
      setDraft(undefined);
      setSaved(true);
    });
  };

  return (
    <li className="msg-call" data-seq={m.seq} data-call={callId}>
      <div className="call-card">
        <div className="call-card-line">
          <strong>{systemText(m)}</strong>
          <time dateTime={m.createdAt} title={formatDateTime(m.createdAt)}>
            {formatTime(m.createdAt)}
          </time>
          {call?.durationSeconds !== null && call?.durationSeconds !== undefined && (
            <span>{durationText(call.durationSeconds)}</span>
          )}
        </div>
        {mayAct && going && (
          <div className="call-card-actions">
            <button
              type="button"
              className="btn btn-primary btn-small"
              disabled={busy}
              onClick={() => act(() => openCall(call.id))}
            >
              {t('Open call')}
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={busy}
              onClick={() => act(async () => setCall({ ...call, ...(await callsApi.end(call.id)) }))}
            >
              {t('End call')}
            </button>
          </div>
        )}
        {mayAct && !going && (
          <form className="call-wrap-up" onSubmit={save}>
            <label htmlFor={`wrap-up-${call.id}`}>{t('Wrap-up notes')}</label>
            <textarea
              id={`wrap-up-${call.id}`}
              className="input textarea"
              value={draft ?? call.wrapUpNotes ?? ''}
              placeholder={t('What was said, what happens next')}
              onChange={(e) => {
                setDraft(e.target.value);
                setSaved(false);
              }}
            />
            <div className="form-actions">
              <button type="submit" className="btn btn-secondary btn-small" disabled={busy || draft === undefined}>
                {t('Save notes')}
              </button>
              {saved && <span role="status">{t('Notes saved')}</span>}
            </div>
          </form>
        )}
        {!mayAct && call?.wrapUpNotes && <p className="call-notes">{call.wrapUpNotes}</p>}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </li>
  );
}

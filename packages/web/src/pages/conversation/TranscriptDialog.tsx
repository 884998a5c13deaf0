import type { ConversationView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import { conversationsApi } from '../../api/omnichannel';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { t } from '../../i18n';

/**
 * Email the transcript to an address (the visitor's, when known). The server sends it once the
 * conversation is closed, at once when it is closed already; it checks the address. It keeps one address
 * per conversation, so a request replaces the one made before (by the visitor in the widget, too).
 */
export function TranscriptDialog(props: {
  conversation: ConversationView;
  /** Prefilled: the visitor's email, or empty. */
  email: string;
  onClose: () => void;
  onDone: (email: string) => void;
}) {
  const { conversation: c } = props;
  const [email, setEmail] = useState(props.email);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const to = email.trim();
    if (!to) return;
    setBusy(true);
    setError(undefined);
    try {
      await conversationsApi.requestTranscript(c.id, to);
      props.onDone(to);
    } catch (err) {
      setError(err);
      setBusy(false);
      document.getElementById('transcript-email')?.focus();
    }
  };

  const fields = fieldErrors(error);
  return (
    <Dialog title={t('Send transcript')} onClose={props.onClose} describedBy="transcript-intro">
      <form onSubmit={submit} noValidate>
        <p className="muted small" id="transcript-intro">
          {c.status === 'closed'
            ? t('The conversation is closed: its transcript is emailed now.')
            : t('The transcript is emailed when the conversation is closed.')}{' '}
          {t('A conversation keeps one transcript address: this one replaces any asked for before, the visitor’s too.')}
        </p>
        <TextField
          id="transcript-email"
          label={t('Email')}
          type="email"
          autoComplete="off"
          value={email}
          onChange={setEmail}
          error={fields.email}
        />
        {error !== undefined && !fields.email && (
          <Alert tone="error" title={t('The transcript was not requested.')}>
            {errorMessage(error)}
          </Alert>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !email.trim()}>
            {busy ? t('Sending…') : t('Send transcript')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={props.onClose}>
            {t('Cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

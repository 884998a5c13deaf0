import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { contactsApi } from '../../api/contacts';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { t } from '../../i18n';

/** GDPR erasure (issue 16 item 11): irreversible, so the admin types ERASE to confirm. */
export function EraseDialog(props: { contactId: string; name: string; onClose: () => void; onErased: () => void }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const erase = async () => {
    setBusy(true);
    try {
      await contactsApi.erase(props.contactId);
      props.onErased();
    } catch (err) {
      setFailure(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={t("Erase this contact's personal data?")} onClose={props.onClose} describedBy="erase-question">
      <p id="erase-question">
        {t(
          'Everything that identifies {name} is removed for good: the profile, the names, emails and phones of every channel, what they wrote in every conversation, their files, page views and offline messages. The conversations stay, without them. The audit log keeps that you erased this contact. This cannot be undone.',
          { name: props.name },
        )}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === 'ERASE') void erase();
        }}
      >
        <label htmlFor="erase-confirm">{t('Type ERASE to confirm')}</label>
        <input id="erase-confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        {failure && <Alert tone="error">{failure}</Alert>}
        <div className="form-actions">
          <button type="submit" className="btn btn-danger" disabled={busy || typed !== 'ERASE'}>
            {t('Erase personal data')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={props.onClose}>
            {t('Cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

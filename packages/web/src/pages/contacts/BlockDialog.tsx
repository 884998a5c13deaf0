import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { contactsApi } from '../../api/contacts';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { t } from '../../i18n';

/** The confirmation before blocking (or unblocking) one channel of a contact. */
export function BlockDialog(props: {
  contactId: string;
  channelId: string;
  /** What the channel is called in the question ("Livechat (guest-12)"). */
  channelLabel: string;
  unblock?: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const verb = props.unblock ? t('Unblock') : t('Block');
  const confirm = async () => {
    setBusy(true);
    try {
      if (props.unblock) await contactsApi.unblock(props.contactId, props.channelId);
      else await contactsApi.block(props.contactId, props.channelId);
      props.onDone();
    } catch (err) {
      setFailure(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={props.unblock ? t('Unblock this channel?') : t('Block this channel?')}
      onClose={props.onClose}
      describedBy="block-question"
    >
      <p id="block-question">
        {props.unblock
          ? t('The contact will be able to reach you again on {channel}.', { channel: props.channelLabel })
          : t(
              'The contact will no longer be able to start chats or send messages on {channel}. Their other channels keep working.',
              { channel: props.channelLabel },
            )}
      </p>
      {failure && <Alert tone="error">{failure}</Alert>}
      <div className="form-actions">
        <button type="button" className="btn btn-danger" onClick={() => void confirm()} disabled={busy}>
          {verb}
        </button>
        <button type="button" className="btn btn-secondary" onClick={props.onClose}>
          {t('Cancel')}
        </button>
      </div>
    </Dialog>
  );
}

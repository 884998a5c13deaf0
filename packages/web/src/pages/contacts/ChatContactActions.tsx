import type { ContactDetails, VisitorDetails } from '@parley/shared';
import { useState } from 'react';
import { contactsApi } from '../../api/contacts';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Link } from '../../lib/router';
import { allowed, useSession } from '../../lib/session';
import { BlockDialog } from './BlockDialog';
import { ContactForm } from './ContactForm';
import { knownChannelName } from '../../components/ChannelBadge';
import { t } from '../../i18n';

/**
 * In a chat's side panel (issue 16 item 3): whether the contact is known, and for staff who write, Add
 * contact (the edit dialog; saving makes it known) and Block (this channel, after a confirmation).
 */
export function ChatContactActions({ details }: { details: VisitorDetails }) {
  const { user } = useSession();
  const canWrite = allowed(user, ['admin', 'manager', 'agent']);
  const [known, setKnown] = useState<boolean>();
  const [blocked, setBlocked] = useState<boolean>();
  const [editing, setEditing] = useState<ContactDetails>();
  const [blocking, setBlocking] = useState(false);
  const [failure, setFailure] = useState<string>();
  const isKnown = known ?? !details.contact.unknown;
  const isBlocked = blocked ?? details.visitor.blocked;
  const contactId = details.contact.id;

  const addContact = async () => {
    try {
      setEditing(await contactsApi.get(contactId));
    } catch (err) {
      setFailure(errorMessage(err));
    }
  };
  return (
    <div className="chat-contact">
      <span className="badge-list">
        {isKnown ? (
          <Badge tone="accent">{t('Known contact')}</Badge>
        ) : (
          <Badge tone="warning">{t('Unknown contact')}</Badge>
        )}
        {isBlocked && <Badge tone="danger">{t('Blocked')}</Badge>}
      </span>
      <div className="chat-contact-actions">
        <Link to={`/contacts/${contactId}`}>{t('Contact page')}</Link>
        {canWrite && !isKnown && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => void addContact()}>
            {t('Add contact')}
          </button>
        )}
        {canWrite && !isBlocked && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setBlocking(true)}>
            {t('Block')}
          </button>
        )}
      </div>
      {failure && <Alert tone="error">{failure}</Alert>}
      {editing && (
        <ContactForm
          title={t('Add contact')}
          contact={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            setKnown(true);
          }}
        />
      )}
      {blocking && (
        <BlockDialog
          contactId={contactId}
          channelId={details.visitor.id}
          channelLabel={`${knownChannelName(details.visitor.channel)} (${details.visitor.username})`}
          onClose={() => setBlocking(false)}
          onDone={() => {
            setBlocking(false);
            setBlocked(true);
          }}
        />
      )}
    </div>
  );
}

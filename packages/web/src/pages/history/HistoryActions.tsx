import type { ConversationListItem, ConversationView, MessageMatch } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import type { Catalogs } from '../../api/catalogs';
import { conversationsApi } from '../../api/omnichannel';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { RoomInfoForm } from '../conversation/RoomInfoForm';
import { TranscriptDialog } from '../conversation/TranscriptDialog';
import { visitorLabel } from '../../workspace/workspace';
import { t } from '../../i18n';

/**
 * The matched message's excerpt: its parts rendered as text, the matched words in `<mark>` (the server
 * cuts the excerpt into parts, so no markup is ever parsed).
 */
export function MatchExcerpt({ match }: { match: MessageMatch }) {
  return (
    <span className="cell-sub cell-break search-excerpt" data-testid="search-excerpt">
      {match.kind === 'note' && <span className="search-excerpt-kind">Internal note: </span>}
      {match.excerpt.map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </span>
  );
}

type Open = 'email' | 'edit' | 'delete' | undefined;

/**
 * The quick actions of a closed conversation in History: download or email its transcript, edit its topic,
 * tags and priority (the room information form), and — admins — delete it after a confirmation.
 */
export function ClosedChatActions(props: {
  conversation: ConversationListItem;
  catalogs: Catalogs | undefined;
  canEdit: boolean;
  canDelete: boolean;
  onChanged: () => void;
  onEmailed: (email: string) => void;
}) {
  const c = props.conversation;
  const [open, setOpen] = useState<Open>();
  const label = visitorLabel(c);
  return (
    <div className="history-actions" role="group" aria-label={t('Actions for {name}', { name: label })}>
      <a
        className="btn btn-secondary btn-small"
        href={conversationsApi.transcriptUrl(c.id)}
        download={`transcript-${c.id}.txt`}
      >
        {t('Download transcript')}
      </a>
      {props.canEdit && (
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setOpen('email')}>
          {t('Email transcript')}
        </button>
      )}
      {props.canEdit && props.catalogs && (
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setOpen('edit')}>
          {t('Edit')}
        </button>
      )}
      {props.canDelete && (
        <button type="button" className="btn btn-danger btn-small" onClick={() => setOpen('delete')}>
          {t('Delete')}
        </button>
      )}
      {open === 'email' && (
        <TranscriptDialog
          conversation={c}
          email={c.visitor.email ?? ''}
          onClose={() => setOpen(undefined)}
          onDone={(email) => {
            setOpen(undefined);
            props.onEmailed(email);
          }}
        />
      )}
      {open === 'edit' && props.catalogs && (
        <Dialog title={t('Edit the conversation with {name}', { name: label })} onClose={() => setOpen(undefined)} wide>
          <RoomInfoForm
            conversation={c}
            catalogs={props.catalogs}
            onCancel={() => setOpen(undefined)}
            onSaved={() => {
              setOpen(undefined);
              props.onChanged();
            }}
          />
        </Dialog>
      )}
      {open === 'delete' && (
        <DeleteDialog
          conversation={c}
          onClose={() => setOpen(undefined)}
          onDone={() => {
            setOpen(undefined);
            props.onChanged();
          }}
        />
      )}
    </div>
  );
}

function DeleteDialog(props: { conversation: ConversationView; onClose: () => void; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const confirm = async () => {
    setBusy(true);
    try {
      await conversationsApi.remove(props.conversation.id);
      props.onDone();
    } catch (err) {
      setFailure(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('Delete this conversation?')} onClose={props.onClose} describedBy="delete-conversation-question">
      <p id="delete-conversation-question">
        {t(
          'The conversation with {name} is deleted for good: its messages, internal notes and files. This cannot be undone; the audit log keeps that you deleted it.',
          { name: visitorLabel(props.conversation) },
        )}
      </p>
      {failure && <Alert tone="error">{failure}</Alert>}
      <div className="form-actions">
        <button type="button" className="btn btn-danger" onClick={() => void confirm()} disabled={busy}>
          {busy ? t('Deleting…') : t('Delete conversation')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={props.onClose}>
          {t('Cancel')}
        </button>
      </div>
    </Dialog>
  );
}

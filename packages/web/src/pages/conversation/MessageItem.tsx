import { memo, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { AttachmentView, MessageView } from '@parley/shared';
import { formatBytes, formatDateTime, formatTime } from '../../components/format';
import { Icon } from '../../components/Icon';
import { CallCard } from './CallCard';
import type { PendingMessage } from './conversationModel';
import { systemText } from './systemText';
import { t, useLanguage } from '../../i18n';

export function Attachment({ a }: { a: AttachmentView }) {
  if (a.contentType.startsWith('image/')) {
    return (
      <a className="msg-image" href={a.url} target="_blank" rel="noopener">
        <img src={a.url} alt={a.name} loading="lazy" />
        <span className="visually-hidden"> {t('(opens the image in a new tab)')}</span>
      </a>
    );
  }
  return (
    <a className="msg-file" href={a.url} download={a.name}>
      <Icon name="file" />
      <span className="msg-file-name">{a.name}</span>
      <span className="msg-file-size">{formatBytes(a.size)}</span>
    </a>
  );
}

interface Props {
  message: MessageView;
  mine: boolean;
  /** Edit and delete are offered (my message, in a conversation I can still write in). */
  editable: boolean;
  onEdit: (id: string, text: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}

export const MessageItem = memo(function MessageItem({ message: m, mine, editable, onEdit, onDelete }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(m.text);
  const [error, setError] = useState<string>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  useLanguage(); // memo: re-rendered in a newly chosen language too

  if (m.kind === 'system' && m.systemType === 'call') return <CallCard message={m} />;
  if (m.kind === 'system') {
    return (
      <li className={`msg-system${m.systemType === 'navigation' ? ' msg-navigation' : ''}`} data-seq={m.seq}>
        <span>{systemText(m)}</span>
        <time dateTime={m.createdAt} title={formatDateTime(m.createdAt)}>
          {formatTime(m.createdAt)}
        </time>
      </li>
    );
  }

  const side = m.author.type === 'visitor' ? 'them' : 'us';
  const note = m.kind === 'note';
  const who = mine ? t('You') : (m.author.name ?? (m.author.type === 'visitor' ? t('Visitor') : t('Agent')));
  const save = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    onEdit(m.id, draft).then(
      () => setEditing(false),
      (err: unknown) => setError(errorMessage(err)),
    );
  };
  return (
    <li className={`msg msg-${side}${mine ? ' msg-mine' : ''}${note ? ' msg-note' : ''}`} data-seq={m.seq}>
      <div className="msg-meta">
        {note && <span className="msg-note-label">{t('Internal note')}</span>}
        <span className="msg-author">{who}</span>
        {m.author.type === 'bot' && <span className="msg-tag">{t('bot')}</span>}
        <time dateTime={m.createdAt} title={formatDateTime(m.createdAt)}>
          {formatTime(m.createdAt)}
        </time>
      </div>
      <div className="msg-bubble">
        {m.deletedAt ? (
          <p className="msg-deleted">{t('This message was deleted.')}</p>
        ) : editing ? (
          <form className="msg-edit" onSubmit={save}>
            <label className="visually-hidden" htmlFor={`edit-${m.id}`}>
              {t('Edit message')}
            </label>
            <textarea
              id={`edit-${m.id}`}
              className="input textarea"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setEditing(false);
              }}
              autoFocus
            />
            {error && <p className="field-error">{error}</p>}
            <div className="form-actions">
              <button type="submit" className="btn btn-primary btn-small" disabled={!draft.trim()}>
                {t('Save')}
              </button>
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(false)}>
                {t('Cancel')}
              </button>
            </div>
          </form>
        ) : (
          <>
            {m.text && <p className="msg-text">{m.text}</p>}
            {m.attachment && <Attachment a={m.attachment} />}
          </>
        )}
      </div>
      <div className="msg-status">
        {m.editedAt && !m.deletedAt && <span title={formatDateTime(m.editedAt)}>{t('Edited')}</span>}
        {mine && !m.deletedAt && <span className="msg-sent">{note ? t('Only staff see this') : t('Sent')}</span>}
        {editable && !m.deletedAt && !editing && (m.kind === 'text' || note) && (
          <>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setDraft(m.text);
                setEditing(true);
              }}
            >
              {t('Edit')}
            </button>
            {confirmDelete ? (
              <>
                <button
                  type="button"
                  className="link-button danger"
                  onClick={() => onDelete(m.id).catch((err: unknown) => setError(errorMessage(err)))}
                >
                  {note ? t('Delete note') : t('Delete for everyone')}
                </button>
                <button type="button" className="link-button" onClick={() => setConfirmDelete(false)}>
                  {t('Keep')}
                </button>
              </>
            ) : (
              <button type="button" className="link-button" onClick={() => setConfirmDelete(true)}>
                {t('Delete')}
              </button>
            )}
          </>
        )}
      </div>
      {error && !editing && <p className="field-error">{error}</p>}
    </li>
  );
});

export function PendingItem({
  p,
  onRetry,
  onDiscard,
}: {
  p: PendingMessage;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}) {
  return (
    <li
      className={`msg msg-us msg-mine msg-pending${p.note ? ' msg-note' : ''}${p.state === 'failed' ? ' msg-failed' : ''}`}
    >
      <div className="msg-meta">
        {p.note && <span className="msg-note-label">{t('Internal note')}</span>}
        <span className="msg-author">{t('You')}</span>
      </div>
      <div className="msg-bubble">
        {p.text && <p className="msg-text">{p.text}</p>}
        {p.file && (
          <p className="msg-file-pending">
            <Icon name="paperclip" /> {p.file.name}
          </p>
        )}
      </div>
      <div className="msg-status">
        {p.state === 'sending' ? (
          <span>{t('Sending…')}</span>
        ) : (
          <>
            <span className="msg-error">{t('Not sent: {error}', { error: p.error ?? '' })}</span>
            <button type="button" className="link-button" onClick={() => onRetry(p.clientId)}>
              {t('Retry')}
            </button>
            <button type="button" className="link-button" onClick={() => onDiscard(p.clientId)}>
              {t('Discard')}
            </button>
          </>
        )}
      </div>
    </li>
  );
}

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import type { ConversationModel, ConversationState } from './conversationModel';
import { MessageItem, PendingItem } from './MessageItem';
import { t } from '../../i18n';

const NEAR_BOTTOM_PX = 80;

/**
 * The message history: newest at the bottom, older pages loaded when the top comes into view (or with the
 * button, for keyboards), the reading position kept while they arrive, and new messages followed while
 * the user is at the bottom.
 */
export function Timeline(props: {
  model: ConversationModel;
  state: ConversationState;
  me: string;
  canWrite: boolean;
  /** My notes may be edited (staff who write notes, while the conversation is not closed). */
  canEditNotes?: boolean;
}) {
  const { model, state, me, canWrite, canEditNotes = false } = props;
  const box = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<{ height: number; scrollTop: number; firstSeq: number } | undefined>(undefined);
  const [unseenBelow, setUnseenBelow] = useState(false);
  const firstSeq = state.messages[0]?.seq ?? 0;
  const lastKey = `${state.messages[state.messages.length - 1]?.id ?? ''}:${state.pending.length}:${state.typing.length}`;

  const loadOlder = useCallback(() => {
    const el = box.current;
    if (el) anchor.current = { height: el.scrollHeight, scrollTop: el.scrollTop, firstSeq };
    void model.loadOlder();
  }, [model, firstSeq]);

  // Older messages arrived above: keep the same message under the reader's eyes.
  useLayoutEffect(() => {
    const el = box.current;
    const a = anchor.current;
    if (!el || !a || a.firstSeq === firstSeq) return;
    el.scrollTop = a.scrollTop + (el.scrollHeight - a.height);
    anchor.current = undefined;
  }, [firstSeq]);

  // Something new at the bottom: follow it when the reader was there, else offer to jump.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
      setUnseenBelow(false);
    } else setUnseenBelow(true);
  }, [lastKey]);

  // Images change the height after they load.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onLoad = () => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    };
    el.addEventListener('load', onLoad, true);
    return () => el.removeEventListener('load', onLoad, true);
  }, []);

  useEffect(() => {
    const el = top.current;
    if (!el || !state.hasOlder) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadOlder();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [state.hasOlder, loadOlder]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (atBottom.current) setUnseenBelow(false);
  };

  const jumpToEnd = () => {
    const el = box.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setUnseenBelow(false);
  };

  const edit = useCallback((id: string, text: string) => model.edit(id, text), [model]);
  const remove = useCallback((id: string) => model.remove(id), [model]);
  const retry = useCallback((clientId: string) => model.retry(clientId), [model]);
  const discard = useCallback((clientId: string) => model.discard(clientId), [model]);

  return (
    <div className="timeline-wrap">
      <div
        className="timeline"
        ref={box}
        onScroll={onScroll}
        tabIndex={0}
        role="log"
        aria-label={t('Conversation history')}
      >
        <div ref={top} className="timeline-top">
          {state.hasOlder ? (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              onClick={loadOlder}
              disabled={state.loadingOlder}
            >
              {state.loadingOlder ? t('Loading earlier messages…') : t('Load earlier messages')}
            </button>
          ) : (
            state.messages.length > 0 && <p className="timeline-start">{t('Start of the conversation')}</p>
          )}
          {state.olderError !== undefined && <p className="field-error">{errorMessage(state.olderError)}</p>}
        </div>
        <ol className="messages" aria-label={t('Messages')}>
          {state.messages.map((m) => {
            const mine = (m.author.type === 'agent' || m.author.type === 'bot') && m.author.id === me;
            return (
              <MessageItem
                key={m.id}
                message={m}
                mine={mine}
                editable={mine && (m.kind === 'note' ? canEditNotes : canWrite)}
                onEdit={edit}
                onDelete={remove}
              />
            );
          })}
          {state.pending.map((p) => (
            <PendingItem key={p.clientId} p={p} onRetry={retry} onDiscard={discard} />
          ))}
        </ol>
      </div>
      {state.preview && (
        // The visitor's unsent draft (livechat.typingPreview): text only, not announced on every key.
        <p className="typing-preview" data-testid="typing-preview">
          <span className="typing-preview-label">Typing now: </span>
          {state.preview}
        </p>
      )}
      <p className="typing" aria-live="polite">
        {state.typing.length > 0 &&
          `${state.typing.map((t) => t.name).join(', ')} ${state.typing.length > 1 ? 'are' : 'is'} typing…`}
      </p>
      {unseenBelow && (
        <button type="button" className="btn btn-primary btn-small jump-to-end" onClick={jumpToEnd}>
          {t('New messages ↓')}
        </button>
      )}
    </div>
  );
}

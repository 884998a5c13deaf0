import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { formatBytes } from '../../components/format';
import { Icon } from '../../components/Icon';
import type { Realtime } from '../../realtime/realtime';
import { CannedList } from './CannedList';
import { useCannedPicker } from './useCannedPicker';

const TYPING_IDLE_MS = 3000;

/**
 * Writing a reply: Enter sends, Shift+Enter starts a new line; a file can go with it. The visitor sees
 * "typing…" while the agent writes (started at the first key, stopped after a pause or on sending).
 * `!` opens the canned-response picker (when `canned` is on: `cannedResponses.enabled`).
 */
export function Composer(props: {
  conversationId: string;
  realtime: Realtime | undefined;
  uploads: boolean;
  canned: boolean;
  onSend: (text: string, file?: File) => void;
}) {
  const { conversationId, realtime } = props;
  const [text, setText] = useState('');
  const [file, setFile] = useState<File>();
  const fileInput = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const typing = useRef(false);
  const idleTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const picker = useCannedPicker({
    enabled: props.canned,
    conversationId,
    text,
    replace: (next, caret) => {
      onChange(next);
      // After React has put the new text in: the caret goes after the inserted response.
      requestAnimationFrame(() => {
        textarea.current?.focus();
        textarea.current?.setSelectionRange(caret, caret);
      });
    },
  });
  const pickerId = `composer-${conversationId}-canned`;

  const stopTyping = () => {
    clearTimeout(idleTimer.current);
    if (typing.current) {
      typing.current = false;
      realtime?.typing(conversationId, false);
    }
  };
  // Leaving the conversation stops the indicator.
  useEffect(() => () => stopTyping(), [conversationId]);

  const onChange = (v: string) => {
    setText(v);
    if (!v.trim()) return stopTyping();
    if (!typing.current) {
      typing.current = true;
      realtime?.typing(conversationId, true);
    }
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const t = text.trim();
    if (!t && !file) return;
    props.onSend(t, file);
    setText('');
    setFile(undefined);
    if (fileInput.current) fileInput.current.value = '';
    stopTyping();
    textarea.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (picker.onKeyDown(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form className="composer" onSubmit={submit} aria-label="Reply">
      {file && (
        <div className="composer-file">
          <span>
            <Icon name="paperclip" /> {file.name} <span className="muted">({formatBytes(file.size)})</span>
          </span>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setFile(undefined);
              if (fileInput.current) fileInput.current.value = '';
            }}
          >
            Remove file
          </button>
        </div>
      )}
      {picker.open && (
        <CannedList
          id={pickerId}
          matches={picker.matches}
          active={picker.active}
          loaded={picker.loaded}
          error={picker.error}
          onChoose={(r) => void picker.choose(r)}
        />
      )}
      <label className="visually-hidden" htmlFor={`composer-${conversationId}`}>
        Message
      </label>
      <textarea
        id={`composer-${conversationId}`}
        ref={textarea}
        className="input composer-input"
        rows={2}
        placeholder="Write a reply…"
        aria-describedby={`composer-${conversationId}-hint`}
        // A textbox that suggests (a textarea may take no combobox role): the list and its current option.
        aria-autocomplete={props.canned ? 'list' : undefined}
        aria-controls={picker.open ? pickerId : undefined}
        aria-activedescendant={
          picker.open && picker.matches[picker.active] ? `${pickerId}-${picker.matches[picker.active]!.id}` : undefined
        }
        value={text}
        onChange={(e) => {
          onChange(e.target.value);
          picker.update(e.target.value, e.target.selectionStart);
        }}
        onSelect={(e) => picker.update(e.currentTarget.value, e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={stopTyping}
      />
      <div className="composer-row">
        {props.uploads && (
          <>
            <input
              ref={fileInput}
              type="file"
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              onChange={(e) => setFile(e.target.files?.[0])}
            />
            <button type="button" className="btn btn-secondary btn-small" onClick={() => fileInput.current?.click()}>
              <Icon name="paperclip" /> Attach file
            </button>
          </>
        )}
        <span className="composer-hint" id={`composer-${conversationId}-hint`}>
          Enter sends · Shift+Enter adds a line{props.canned ? ' · ! inserts a canned response' : ''}
        </span>
        <button type="submit" className="btn btn-primary btn-small" disabled={!text.trim() && !file}>
          Send
        </button>
      </div>
    </form>
  );
}

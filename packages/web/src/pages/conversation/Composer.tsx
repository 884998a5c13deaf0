import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { formatBytes } from '../../components/format';
import { Icon } from '../../components/Icon';
import type { Realtime } from '../../realtime/realtime';

const TYPING_IDLE_MS = 3000;

/**
 * Writing a reply: Enter sends, Shift+Enter starts a new line; a file can go with it. The visitor sees
 * "typing…" while the agent writes (started at the first key, stopped after a pause or on sending).
 */
export function Composer(props: {
  conversationId: string;
  realtime: Realtime | undefined;
  uploads: boolean;
  onSend: (text: string, file?: File) => void;
}) {
  const { conversationId, realtime } = props;
  const [text, setText] = useState('');
  const [file, setFile] = useState<File>();
  const fileInput = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const typing = useRef(false);
  const idleTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

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
        value={text}
        onChange={(e) => onChange(e.target.value)}
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
          Enter sends · Shift+Enter adds a line
        </span>
        <button type="submit" className="btn btn-primary btn-small" disabled={!text.trim() && !file}>
          Send
        </button>
      </div>
    </form>
  );
}

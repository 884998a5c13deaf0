import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { formatBytes } from '../../components/format';
import { Icon } from '../../components/Icon';
import type { Realtime } from '../../realtime/realtime';
import type { CannedResponseView, Mentionable } from '@parley/shared';
import { cannedApi } from '../../api/cannedResponses';
import { notesApi } from '../../api/mentions';
import { PickerList } from './PickerList';
import {
  cannedTrigger,
  filterCanned,
  filterMentionable,
  insertAt,
  insertMention,
  mentionTrigger,
} from './triggerPicker';
import { useTriggerPicker } from './useTriggerPicker';
import { onShortcut } from '../../workspace/shortcuts';
import { t } from '../../i18n';

type Colleague = Mentionable['items'][number];

const TYPING_IDLE_MS = 3000;

/**
 * Writing a reply: Enter sends, Shift+Enter starts a new line; a file can go with it. The visitor sees
 * "typing…" while the agent writes (started at the first key, stopped after a pause or on sending).
 * `!` or `/` opens the canned-response picker (when `canned` is on: `cannedResponses.enabled`).
 * With `note`, an "Internal note" tab writes notes only staff see (yellow, no typing signal to the
 * visitor, no file); `@` there opens a picker of colleagues who may read the conversation. Without
 * `reply` (not the serving agent, or not open), only notes can be written.
 */
export function Composer(props: {
  conversationId: string;
  realtime: Realtime | undefined;
  uploads: boolean;
  canned: boolean;
  /** Replies to the visitor may be written (the serving agent, conversation open). */
  reply?: boolean;
  /** Internal notes may be written. */
  note?: boolean;
  onSend: (text: string, file: File | undefined, note: boolean) => void;
}) {
  const { conversationId } = props;
  const canReply = props.reply ?? true;
  const canNote = props.note ?? false;
  // The agent's choice of tab; while they may not reply, notes it is (and replies again once they may).
  const [noteMode, setNoteMode] = useState(false);
  const noting = canNote && (noteMode || !canReply);
  // Writing a note tells the visitor nothing (no "typing…").
  const realtime = noting ? undefined : props.realtime;
  const [text, setText] = useState('');
  const [file, setFile] = useState<File>();
  const fileInput = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const typing = useRef(false);
  const idleTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const replace = (next: string, caret: number) => {
    onChange(next);
    // After React has put the new text in: the caret goes after what was inserted.
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(caret, caret);
    });
  };
  const picker = useTriggerPicker<CannedResponseView>({
    enabled: props.canned,
    conversationId,
    text,
    replace,
    find: cannedTrigger,
    load: () => cannedApi.list({ usable: 'true', limit: 500 }).then((p) => p.items),
    filter: filterCanned,
    // The placeholders are filled by the server for this conversation.
    insert: async (t, at, r) => insertAt(t, at, (await cannedApi.render(r.id, conversationId)).text),
  });
  const pickerId = `composer-${conversationId}-canned`;
  const mentions = useTriggerPicker<Colleague>({
    enabled: noting,
    conversationId,
    text,
    replace,
    find: mentionTrigger,
    load: (id) => notesApi.mentionable(id).then((r) => r.items),
    filter: filterMentionable,
    insert: (t, at, u) => insertMention(t, at, u.username),
  });
  const mentionId = `composer-${conversationId}-mentions`;
  useEffect(() => {
    if (!canReply) setNoteMode(false);
  }, [canReply]);

  // Keyboard shortcuts (workspace/Shortcuts.tsx): into the composer, or into it with the canned picker open.
  // The latest render's text and picker: the subscription below outlives renders (a stale picker would
  // still think canned responses are off when the settings arrived after the first render).
  const shortcutState = useRef({ text, canned: props.canned, picker });
  shortcutState.current = { text, canned: props.canned, picker };
  useEffect(
    () =>
      onShortcut((action) => {
        const el = textarea.current;
        if (!el || (action !== 'compose' && action !== 'canned')) return;
        const { text: now, canned, picker: latest } = shortcutState.current;
        if (action === 'compose' || !canned) {
          el.focus();
          return el.setSelectionRange(now.length, now.length);
        }
        // `/` at the end, after a space when the text does not end with one: the picker opens on it.
        const next = now + (now === '' || /\s$/.test(now) ? '/' : ' /');
        // The element gets the text and caret before the focus: the selection event the focus fires may
        // come before React has rendered the new text, and it reads the element (it closed the picker
        // when it still read the old text).
        el.value = next;
        el.setSelectionRange(next.length, next.length);
        el.focus();
        onChange(next);
        latest.update(next, next.length);
      }),
    // The handlers read the current text through the ref; one subscription per conversation.
    [conversationId],
  );

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
    if (!t && (!file || noting)) return;
    props.onSend(t, noting ? undefined : file, noting);
    setText('');
    setFile(undefined);
    if (fileInput.current) fileInput.current.value = '';
    stopTyping();
    textarea.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mentions.onKeyDown(e)) return;
    if (picker.onKeyDown(e)) return;
    // Esc leaves the composer, so the single-key shortcuts (j, k, t…) work again; the text stays.
    if (e.key === 'Escape') {
      e.currentTarget.blur();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form
      className={noting ? 'composer composer-note' : 'composer'}
      onSubmit={submit}
      aria-label={noting ? t('Internal note') : t('Reply')}
    >
      {canNote && (
        <div className="composer-tabs" role="group" aria-label={t('Write')}>
          {canReply && (
            <button
              type="button"
              className={noting ? 'composer-tab' : 'composer-tab active'}
              aria-pressed={!noting}
              onClick={() => setNoteMode(false)}
            >
              {t('Reply')}
            </button>
          )}
          <button
            type="button"
            className={noting ? 'composer-tab composer-tab-note active' : 'composer-tab composer-tab-note'}
            aria-pressed={noting}
            onClick={() => {
              stopTyping();
              setNoteMode(true);
              textarea.current?.focus();
            }}
          >
            {t('Internal note')}
          </button>
          {noting && (
            <span className="composer-note-hint">{t('Only staff see notes. @username notifies a colleague.')}</span>
          )}
        </div>
      )}
      {file && !noting && (
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
            {t('Remove file')}
          </button>
        </div>
      )}
      {mentions.open && (
        <PickerList
          id={mentionId}
          label={t('Colleagues to mention')}
          className="mention-picker"
          matches={mentions.matches}
          active={mentions.active}
          loaded={mentions.loaded}
          error={mentions.error}
          show={(u) => ({ id: u.id, key: `@${u.username}`, text: u.name })}
          empty={t('No colleague who can read this conversation matches.')}
          onChoose={(u) => void mentions.choose(u)}
        />
      )}
      {picker.open && !mentions.open && (
        <PickerList
          id={pickerId}
          label={t('Canned responses')}
          matches={picker.matches}
          active={picker.active}
          loaded={picker.loaded}
          error={picker.error}
          show={(r) => ({ id: r.id, key: `${picker.trigger?.char ?? '!'}${r.shortcut}`, text: r.text })}
          empty={t('No canned response matches.')}
          hint={t('↑↓ to choose · Enter or Tab inserts · Esc closes')}
          onChoose={(r) => void picker.choose(r)}
        />
      )}
      <label className="visually-hidden" htmlFor={`composer-${conversationId}`}>
        {noting ? t('Internal note') : t('Message')}
      </label>
      <textarea
        id={`composer-${conversationId}`}
        ref={textarea}
        className="input composer-input"
        rows={2}
        placeholder={noting ? t('Write an internal note… (@ mentions a colleague)') : t('Write a reply…')}
        aria-describedby={`composer-${conversationId}-hint`}
        // A textbox that suggests (a textarea may take no combobox role): the list and its current option.
        aria-autocomplete={props.canned ? 'list' : undefined}
        aria-controls={mentions.open ? mentionId : picker.open ? pickerId : undefined}
        aria-activedescendant={
          mentions.open && mentions.matches[mentions.active]
            ? `${mentionId}-${mentions.matches[mentions.active]!.id}`
            : picker.open && picker.matches[picker.active]
              ? `${pickerId}-${picker.matches[picker.active]!.id}`
              : undefined
        }
        value={text}
        onChange={(e) => {
          onChange(e.target.value);
          picker.update(e.target.value, e.target.selectionStart);
          mentions.update(e.target.value, e.target.selectionStart);
        }}
        onSelect={(e) => {
          picker.update(e.currentTarget.value, e.currentTarget.selectionStart);
          mentions.update(e.currentTarget.value, e.currentTarget.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onBlur={stopTyping}
      />
      <div className="composer-row">
        {props.uploads && !noting && (
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
              <Icon name="paperclip" /> {t('Attach file')}
            </button>
          </>
        )}
        <span className="composer-hint" id={`composer-${conversationId}-hint`}>
          {t('Enter sends · Shift+Enter adds a line')}
          {props.canned ? ` · ${t('! or / inserts a canned response')}` : ''}
        </span>
        <button type="submit" className="btn btn-primary btn-small" disabled={!text.trim() && (!file || noting)}>
          {noting ? t('Add note') : t('Send')}
        </button>
      </div>
    </form>
  );
}

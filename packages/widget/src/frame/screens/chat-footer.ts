import type { TranscriptRequest, VisitorConversationView } from '@parley/shared';
import type { App } from '../app';
import { api, ApiError } from '../api';
import { h } from '../dom';
import { field, formStatus, showStatus, validate } from '../forms';
import { t } from '../i18n';
import { bool, charCount, messageLimit, str, type State } from '../state';
import { icon, icons } from '../ui';
import { errorText } from './errors';
import { ratingForm } from './rating';

/** What the server accepts (`upload.type-not-allowed` otherwise). */
const ACCEPT =
  'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,application/zip,.doc,.docx,.xlsx,audio/mpeg,video/mp4';

export interface ComposerActions {
  send(text: string): void;
  files(files: File[]): void;
  typing(on: boolean): void;
  /** The text as it is written (the typing preview decides whether it goes anywhere). */
  draft(text: string): void;
}

/**
 * The message box: Enter sends, Shift+Enter breaks the line; the attach button only when
 * `general.fileUploads`; a character counter that blocks sending past `livechat.messageLimit.max`.
 */
export function composer(
  s: State,
  draft: string,
  on: ComposerActions,
): { el: HTMLElement; input: HTMLTextAreaElement } {
  const limit = messageLimit(s);
  const input = h('textarea', {
    class: 'input',
    rows: 1,
    placeholder: t('typeMessage'),
    'aria-label': t('message'),
    'aria-describedby': limit ? 'cnt cnt-err' : null,
    value: draft,
  });
  const counter = limit ? h('span', { class: 'cnt', id: 'cnt' }) : null;
  const err = h('div', { class: 'err', id: 'cnt-err', hidden: true });
  const sendBtn = h(
    'button',
    { type: 'submit', class: 'icon send', 'aria-label': t('send'), title: t('send') },
    icon(icons.send),
  );
  const files = h('input', { type: 'file', accept: ACCEPT, hidden: true, tabindex: -1, 'aria-hidden': 'true' });
  files.onchange = () => {
    on.files(Array.from(files.files ?? []));
    files.value = '';
  };
  const attach = bool(s, 'general.fileUploads')
    ? h(
        'button',
        {
          type: 'button',
          class: 'icon attach',
          'aria-label': t('attach'),
          title: t('attach'),
          onclick: () => files.click(),
        },
        icon(icons.attach),
      )
    : null;
  const tooLong = () => limit > 0 && charCount(input.value) > limit;
  const update = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 120)}px`;
    if (!counter) return;
    const n = charCount(input.value);
    const over = tooLong();
    counter.textContent = `${n}/${limit}`;
    counter.title = t('counter', { count: n, max: limit });
    counter.classList.toggle('over', over);
    sendBtn.disabled = over;
    err.hidden = !over;
    err.textContent = over ? t('tooLong', { max: limit }) : '';
    if (over) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  const form = h(
    'form',
    {
      class: 'composer',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const text = input.value;
        if (!text.trim() || tooLong()) return;
        input.value = '';
        update();
        on.send(text);
      },
    },
    attach,
    files,
    input,
    counter,
    sendBtn,
    err,
  );
  input.addEventListener('input', () => {
    update();
    on.typing(input.value.trim().length > 0);
    on.draft(input.value);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  queueMicrotask(update);
  return { el: form, input };
}

/**
 * After the close: `livechat.finished.message` and `finished.text`, the transcript prompt when
 * `general.transcript.ask`, and a way to start a new chat.
 */
export function finishedPanel(app: App, c: VisitorConversationView): HTMLElement {
  const s = app.state;
  const extra = str(s, 'livechat.finished.text');
  let transcript: HTMLElement | null = null;
  // Only when the server can send it: nothing is promised that cannot be kept.
  if (bool(s, 'general.transcript.ask') && s.config.emailEnabled !== false) {
    const email = field({
      key: 'email',
      label: t('email'),
      type: 'email',
      required: true,
      value: s.visitor?.email ?? s.prefill.email ?? '',
      autocomplete: 'email',
      validateEmail: true,
    });
    const status = formStatus();
    const form: HTMLFormElement = h(
      'form',
      {
        class: 'form transcript',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (validate([email])) return email.control.focus();
          const address = email.value();
          api('POST', `conversations/${c.id}/transcript`, { email: address } satisfies TranscriptRequest)
            .then(() => {
              const done = h(
                'p',
                { class: 'success', role: 'status', tabindex: -1 },
                t('transcriptSent', { email: address }),
              );
              form.replaceWith(done);
              done.focus();
            })
            .catch((err: unknown) => showStatus(status, err instanceof ApiError ? errorText(err) : t('genericError')));
        },
      },
      h('p', null, str(s, 'general.transcript.message')),
      email.el,
      status,
      h('button', { type: 'submit', class: 'btn secondary' }, t('sendTranscript')),
    );
    transcript = form;
  }
  return h(
    'section',
    { class: 'fin', 'aria-labelledby': 'fin-title' },
    h('h2', { id: 'fin-title', tabindex: -1 }, str(s, 'livechat.finished.message') || t('finished')),
    extra ? h('p', { class: 'fin-text' }, extra) : null,
    ratingForm(c),
    transcript,
    h('button', { type: 'button', class: 'btn', onclick: () => void app.startNew() }, t('startNew')),
  );
}

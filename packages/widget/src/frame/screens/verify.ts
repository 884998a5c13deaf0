import type { VerificationStatus } from '@parley/shared';
import type { App } from '../app';
import { api, ApiError } from '../api';
import { h } from '../dom';
import { t } from '../i18n';
import { emailRe, str } from '../state';
import { header, type Screen } from '../ui';
import { errorText } from './errors';

/**
 * Email verification (issue 16 item 7): the visitor's email, "Send code", then the 6-digit code Parley
 * emailed. Shown before the chat when the server requires verification, and in the chat when the agent
 * asks for it. `done` runs once the code is accepted.
 */
export function verifyPanel(app: App, done: () => void): HTMLElement {
  const s = app.state;
  const email = h('input', {
    id: 'vf-email',
    type: 'email',
    autocomplete: 'email',
    value: s.visitor?.email ?? s.prefill.email ?? '',
    required: true,
  });
  const code = h('input', {
    id: 'vf-code',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    maxlength: 6,
    pattern: '[0-9]{6}',
  });
  const note = h('p', { class: 'vf-note', role: 'status' }, t('verifyIntro'));
  const error = h('p', { class: 'err', role: 'alert', hidden: true });
  const send = h('button', { type: 'button', class: 'btn' }, t('sendCode'));
  const verify = h('button', { type: 'submit', class: 'btn' }, t('verify'));
  const codeRow = h('div', { class: 'fld', hidden: true }, h('label', { for: 'vf-code' }, t('codeLabel')), code);
  const fail = (e: unknown) => {
    error.textContent = e instanceof ApiError ? errorText(e) : t('genericError');
    error.hidden = false;
  };
  send.onclick = async () => {
    error.hidden = true;
    const to = email.value.trim();
    if (!emailRe.test(to)) return fail(new ApiError(400, 'email.invalid', ''));
    send.disabled = true;
    try {
      await app.ensureVisitor();
      const r = await api<{ email: string }>('POST', 'verification/code', { email: to });
      note.textContent = t('codeSent', { email: r.email });
      codeRow.hidden = false;
      send.textContent = t('resendCode');
      code.focus();
    } catch (e) {
      fail(e);
    } finally {
      send.disabled = false;
    }
  };
  const form = h(
    'form',
    { class: 'verify', 'aria-labelledby': 'vf-title', novalidate: true },
    h('h2', { id: 'vf-title' }, t('verifyTitle')),
    note,
    h('div', { class: 'fld' }, h('label', { for: 'vf-email' }, t('email')), email),
    send,
    codeRow,
    error,
  );
  form.onsubmit = async (e) => {
    e.preventDefault();
    if (codeRow.hidden) return void send.click();
    error.hidden = true;
    verify.disabled = true;
    try {
      await api('POST', 'verification/check', { code: code.value.trim() });
      s.verification = await api<VerificationStatus>('GET', 'verification');
      app.announce(t('emailVerified'));
      done();
    } catch (err) {
      fail(err);
    } finally {
      verify.disabled = false;
    }
  };
  codeRow.append(verify);
  return form;
}

/** Before the chat, when the server requires a verified visitor (enforce mode or email required). */
export class VerifyScreen implements Screen {
  readonly el: HTMLElement;

  constructor(app: App) {
    const s = app.state;
    this.el = h(
      'div',
      { class: 'screen' },
      header(str(s, 'livechat.title') || 'Chat', str(s, 'livechat.titleColor') || '#C1272D'),
      h(
        'div',
        { class: 'body pad' },
        verifyPanel(app, () => app.route()),
      ),
    );
  }

  focus(): void {
    this.el.querySelector<HTMLElement>('input')?.focus();
  }
}

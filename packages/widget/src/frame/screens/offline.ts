import type { App } from '../app';
import { api, ApiError } from '../api';
import { h } from '../dom';
import { field, formStatus, placeServerError, showStatus, validate, type Field } from '../forms';
import { t } from '../i18n';
import { bool, offlineDepartments, str } from '../state';
import { header, textOn, type Screen } from '../ui';
import { backText } from './back-at';
import { errorText } from './errors';

/**
 * Nobody is available: the offline form (`livechat.offline.*`: title, color, instructions, email
 * validation, success message), or only `livechat.offline.unavailableMessage` when the form is off.
 */
export class OfflineScreen implements Screen {
  readonly el: HTMLElement;
  private readonly fields: Field[] = [];
  private readonly status = formStatus();
  private readonly body: HTMLElement;
  private readonly submit: HTMLButtonElement | undefined;
  private touched = false;

  constructor(
    private readonly app: App,
    text?: string,
  ) {
    const s = app.state;
    const color = str(s, 'livechat.offline.color') || '#666666';
    const p = s.prefill;
    // Closed by business hours: when it opens again.
    const back = s.config.nextOpenAt ? h('p', { class: 'back-at' }, backText(s.config.nextOpenAt)) : null;
    if (!bool(s, 'livechat.offline.displayForm')) {
      this.body = h(
        'div',
        { class: 'body pad' },
        h(
          'p',
          { class: 'msg-screen', tabindex: -1 },
          str(s, 'livechat.offline.unavailableMessage') || t('offlineUnavailable'),
        ),
        back,
      );
      this.el = h('div', { class: 'screen offline' }, header(str(s, 'livechat.title') || 'Chat', color), this.body);
      return;
    }
    const add = (f: Field) => (this.fields.push(f), f.el);
    const departments = offlineDepartments(s);
    this.body = h(
      'form',
      { class: 'body pad form', novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void this.send()) },
      back,
      h('p', { class: 'intro' }, str(s, 'livechat.offline.instructions')),
      // Without email on the server, say where the message goes instead of letting them wait for a mail.
      s.config.emailEnabled === false ? h('p', { class: 'intro no-email' }, t('offlineNoEmail')) : null,
      add(
        field({
          key: 'name',
          label: t('name'),
          type: 'text',
          required: true,
          value: s.visitor?.name ?? p.name,
          autocomplete: 'name',
        }),
      ),
      add(
        field({
          key: 'email',
          label: t('email'),
          type: 'email',
          required: true,
          value: s.visitor?.email ?? p.email,
          autocomplete: 'email',
          validateEmail: bool(s, 'livechat.offline.validateEmail'),
        }),
      ),
      departments.length > 0 && !s.departmentId
        ? add(
            field({
              key: 'departmentId',
              label: `${t('department')} ${t('optional')}`,
              type: 'select',
              placeholder: t('chooseDepartment'),
              options: departments.map((d) => [d.id, d.name]),
            }),
          )
        : null,
      add(field({ key: 'message', label: t('message'), type: 'textarea', required: true, value: text })),
      this.status,
      (this.submit = h('button', { type: 'submit', class: 'btn' }, t('sendMessage'))),
    );
    this.body.addEventListener('input', () => (this.touched = true));
    this.el = h(
      'div',
      { class: 'screen offline' },
      header(str(s, 'livechat.offline.title') || t('sendMessage'), color),
      this.body,
    );
    this.el.style.setProperty('--accent', color);
    this.el.style.setProperty('--accent-text', textOn(color));
  }

  focus(): void {
    (this.fields[0]?.control.isConnected
      ? this.fields[0].control
      : this.el.querySelector<HTMLElement>('[tabindex]')
    )?.focus();
  }

  pristine(): boolean {
    return !this.touched;
  }

  private async send(): Promise<void> {
    const bad = validate(this.fields);
    if (bad) {
      showStatus(this.status, t('fixErrors'));
      bad.control.focus();
      return;
    }
    showStatus(this.status, null);
    const v = Object.fromEntries(this.fields.map((f) => [f.spec.key, f.value()]));
    const departmentId = v.departmentId || this.app.state.departmentId;
    if (this.submit) this.submit.disabled = true;
    try {
      await api('POST', 'offline-messages', {
        name: v.name,
        email: v.email,
        message: v.message,
        ...(departmentId ? { departmentId } : {}),
      });
    } catch (e) {
      if (this.submit) this.submit.disabled = false;
      if (!(e instanceof ApiError)) throw e;
      const message = errorText(e);
      if (!placeServerError(this.fields, e, message)) showStatus(this.status, message);
      else showStatus(this.status, t('fixErrors'));
      return;
    }
    this.touched = false;
    const s = this.app.state;
    const done = h(
      'div',
      { class: 'body pad' },
      h('p', { class: 'msg-screen success', role: 'status', tabindex: -1 }, str(s, 'livechat.offline.successMessage')),
    );
    this.body.replaceWith(done);
    (done.firstChild as HTMLElement).focus();
  }
}

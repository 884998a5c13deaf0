import type {
  StartConversation,
  VisitorConversationView,
  VisitorPatch,
  VisitorRegistration,
  VisitorView,
} from '@parley/shared';
import type { App } from '../app';
import { api, ApiError } from '../api';
import { h, randomId } from '../dom';
import { field, formStatus, placeServerError, showStatus, validate, type Field } from '../forms';
import { t } from '../i18n';
import { bool, registrationDepartments, str } from '../state';
import { header, type Screen } from '../ui';
import { errorText } from './errors';

/**
 * The pre-chat registration form (`livechat.registration.*`): name and email when enabled, the
 * departments shown on registration, visible custom fields, an optional first message, and the consent
 * checkbox when `gdpr.forceConsent`. With registration off but consent forced, only the consent remains.
 */
export class PrechatScreen implements Screen {
  readonly el: HTMLElement;
  private readonly fields: Field[] = [];
  private readonly status = formStatus();
  private readonly submit: HTMLButtonElement;
  private touched = false;

  constructor(private readonly app: App) {
    const s = app.state;
    const full = bool(s, 'livechat.registration.enabled') && !s.token;
    const p = s.prefill;
    const add = (f: Field) => (this.fields.push(f), f.el);
    const departments = registrationDepartments(s);
    const consentText = str(s, 'gdpr.consentText') || t('consentDefault');
    const intro = str(s, 'livechat.registration.message');

    const form = h(
      'form',
      { class: 'body pad form', novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void this.send()) },
      intro ? h('p', { class: 'intro' }, intro) : null,
      full && bool(s, 'livechat.registration.nameField')
        ? add(
            field({ key: 'name', label: t('name'), type: 'text', required: true, value: p.name, autocomplete: 'name' }),
          )
        : null,
      full && bool(s, 'livechat.registration.emailField')
        ? add(
            field({
              key: 'email',
              label: t('email'),
              type: 'email',
              required: true,
              value: p.email,
              autocomplete: 'email',
              validateEmail: bool(s, 'livechat.offline.validateEmail'),
            }),
          )
        : null,
      full && departments.length > 0 && !s.departmentId
        ? add(
            field({
              key: 'departmentId',
              label: t('department'),
              type: 'select',
              required: true,
              placeholder: t('chooseDepartment'),
              options: departments.map((d) => [d.id, d.name]),
              value: departments.length === 1 ? departments[0]!.id : undefined,
            }),
          )
        : null,
      full
        ? s.config.customFields.map((cf) =>
            add(
              field({
                key: `customFields.${cf.id}`,
                label: cf.label,
                type: cf.type === 'select' ? 'select' : 'text',
                required: cf.required,
                options: cf.options.map((o) => [o, o]),
                regex: cf.regex,
                value: p.customFields?.[cf.id],
                placeholder: cf.type === 'select' ? '—' : undefined,
              }),
            ),
          )
        : null,
      full
        ? add(
            field({
              key: 'text',
              label: `${t('message')} ${t('optional')}`,
              type: 'textarea',
              placeholder: t('messageHint'),
            }),
          )
        : null,
      bool(s, 'gdpr.forceConsent')
        ? add(field({ key: 'consent', label: consentText, type: 'checkbox', required: true }))
        : null,
      this.status,
      (this.submit = h('button', { type: 'submit', class: 'btn' }, t('startChat'))),
    );
    form.addEventListener('input', () => (this.touched = true));
    this.el = h(
      'div',
      { class: 'screen' },
      header(str(s, 'livechat.title') || 'Chat', str(s, 'livechat.titleColor') || '#C1272D'),
      form,
    );
  }

  focus(): void {
    (this.fields[0]?.control ?? this.submit).focus();
  }

  pristine(): boolean {
    return !this.touched;
  }

  prefill(): void {
    const p = this.app.state.prefill;
    for (const f of this.fields) {
      const v =
        f.spec.key === 'name'
          ? p.name
          : f.spec.key === 'email'
            ? p.email
            : f.spec.key.startsWith('customFields.')
              ? p.customFields?.[f.spec.key.slice(13)]
              : undefined;
      if (v && !f.control.value) f.control.value = v;
    }
  }

  private async send(): Promise<void> {
    const bad = validate(this.fields);
    if (bad) {
      showStatus(this.status, t('fixErrors'));
      bad.control.focus();
      return;
    }
    showStatus(this.status, null);
    const app = this.app;
    const s = app.state;
    const values = Object.fromEntries(this.fields.map((f) => [f.spec.key, f.value()]));
    const customFields: Record<string, string> = { ...(s.prefill.customFields ?? {}) };
    for (const [k, v] of Object.entries(values)) if (k.startsWith('customFields.') && v) customFields[k.slice(13)] = v;
    const departmentId = values.departmentId || s.departmentId || undefined;
    const body = {
      ...((values.name ?? s.prefill.name) ? { name: values.name ?? s.prefill.name } : {}),
      ...((values.email ?? s.prefill.email) ? { email: values.email ?? s.prefill.email } : {}),
      ...(s.prefill.phone ? { phone: s.prefill.phone } : {}),
      ...(departmentId ? { departmentId } : {}),
      ...(Object.keys(customFields).length ? { customFields } : {}),
      ...(values.consent !== undefined ? { consent: values.consent === 'true' } : {}),
    } satisfies VisitorRegistration & VisitorPatch;
    this.submit.disabled = true;
    try {
      if (s.token) {
        s.visitor = await api<VisitorView>('PATCH', 'visitor', body);
      } else {
        const r = await api<{ token: string; visitor: VisitorView }>('POST', 'visitors', body, app.pageHeader());
        app.setToken(r.token, r.visitor);
      }
      if (departmentId) s.departmentId = departmentId;
      const text = values.text ?? '';
      // The server wants the email code first (verification required): route() shows its form.
      if (text && !app.needsVerification()) {
        const r = await api<{ conversation: VisitorConversationView }>('POST', 'conversations', {
          ...(departmentId ? { departmentId } : {}),
          text,
          clientId: randomId(),
        } satisfies StartConversation);
        app.conversationStarted(r.conversation, true);
      }
      app.route();
    } catch (e) {
      this.submit.disabled = false;
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 'conversation.no-agent-online') return app.goOffline(values.text);
      if (e.code === 'identity.required') return app.route();
      if (e.code === 'omnichannel.disabled') {
        s.config.enabled = false;
        return app.route();
      }
      const message = errorText(e);
      if (!placeServerError(this.fields, e, message)) showStatus(this.status, message);
      else showStatus(this.status, t('fixErrors'));
    }
  }
}

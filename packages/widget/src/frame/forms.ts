import type { ApiError } from './api';
import { h, uid, type Child } from './dom';
import { t } from './i18n';
import { emailRe } from './state';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export interface FieldSpec {
  /** The API field this maps to (`name`, `email`, `customFields.<id>`…), to place server errors. */
  key: string;
  label: string;
  type: 'text' | 'email' | 'tel' | 'textarea' | 'select' | 'checkbox';
  required?: boolean;
  value?: string;
  options?: Array<[value: string, label: string]>;
  placeholder?: string;
  regex?: string | null;
  /** Email fields: validate the address (`livechat.offline.validateEmail`). */
  validateEmail?: boolean;
  autocomplete?: string;
}

export interface Field {
  spec: FieldSpec;
  el: HTMLElement;
  control: Control;
  value(): string;
  setError(message: string | null): void;
}

export function field(spec: FieldSpec): Field {
  const id = uid('f');
  const errId = `${id}-err`;
  const err = h('div', { class: 'err', id: errId, hidden: true });
  let control: Control;
  if (spec.type === 'textarea') {
    control = h('textarea', { id, rows: 3, placeholder: spec.placeholder, value: spec.value ?? '' });
  } else if (spec.type === 'select') {
    control = h(
      'select',
      { id },
      h('option', { value: '' }, spec.placeholder ?? ''),
      (spec.options ?? []).map(([v, l]) => h('option', { value: v, selected: v === spec.value }, l)),
    );
  } else if (spec.type === 'checkbox') {
    control = h('input', { id, type: 'checkbox', checked: spec.value === 'true' });
  } else {
    control = h('input', {
      id,
      type: spec.type,
      value: spec.value ?? '',
      autocomplete: spec.autocomplete,
      placeholder: spec.placeholder,
      ...(spec.type === 'email' ? { inputmode: 'email', spellcheck: 'false' } : {}),
    });
  }
  if (spec.required) control.setAttribute('aria-required', 'true');
  control.setAttribute('aria-describedby', errId);
  const marker: Child = spec.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null;
  const el =
    spec.type === 'checkbox'
      ? h('div', { class: 'fld chk' }, control, h('label', { for: id }, spec.label, marker), err)
      : h('div', { class: 'fld' }, h('label', { for: id }, spec.label, marker), control, err);
  const setError = (message: string | null) => {
    err.hidden = !message;
    err.textContent = message ?? '';
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  };
  // A corrected value loses its error at once.
  control.addEventListener(spec.type === 'checkbox' || spec.type === 'select' ? 'change' : 'input', () =>
    setError(null),
  );
  return {
    spec,
    el,
    control,
    setError,
    value: () =>
      control instanceof HTMLInputElement && control.type === 'checkbox'
        ? String(control.checked)
        : control.value.trim(),
  };
}

/** Client-side checks; the first problem of each field is shown. Returns the first invalid field. */
export function validate(fields: Field[]): Field | undefined {
  let first: Field | undefined;
  for (const f of fields) {
    const v = f.value();
    const s = f.spec;
    let problem: string | null = null;
    if (s.type === 'checkbox') {
      if (s.required && v !== 'true') problem = t('consentRequired');
    } else if (!v) {
      if (s.required) problem = t('required');
    } else if (s.type === 'email' && s.validateEmail && !emailRe.test(v)) {
      problem = t('invalidEmail');
    } else if (s.regex) {
      try {
        if (!new RegExp(s.regex).test(v)) problem = t('invalidFormat');
      } catch {
        // a regex this browser cannot compile: the server decides
      }
    }
    f.setError(problem);
    if (problem && !first) first = f;
  }
  return first;
}

/** Shows a server error next to the field it names (`body.email`, `body.customFields.x`); else false. */
export function placeServerError(fields: Field[], e: ApiError, message: string): boolean {
  const key = e.field?.replace(/^body\./, '');
  const f = key ? fields.find((x) => x.spec.key === key) : undefined;
  if (!f) return false;
  f.setError(message);
  f.control.focus();
  return true;
}

/** A form-level message region (announced politely). */
export function formStatus(): HTMLElement {
  return h('div', { class: 'ferr', role: 'alert', hidden: true });
}

export function showStatus(el: HTMLElement, message: string | null): void {
  el.hidden = !message;
  el.textContent = message ?? '';
}

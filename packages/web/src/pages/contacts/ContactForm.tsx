import type { ContactDetails } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { useCatalogs } from '../../api/catalogs';
import { errorMessage, fieldErrors } from '../../api/client';
import { contactsApi } from '../../api/contacts';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { Field, TextField } from '../../components/Field';
import { t } from '../../i18n';

const lines = (text: string) =>
  text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * New Contact, the pencil, and "Add contact" from a chat: one dialog. Emails and phones one per line
 * (phones in international form, +country code; the server stores them in E.164). Saving makes the
 * contact known.
 */
export function ContactForm(props: {
  title: string;
  contact?: ContactDetails;
  onClose: () => void;
  onSaved: (c: ContactDetails) => void;
}) {
  const c = props.contact;
  const catalogs = useCatalogs();
  const [name, setName] = useState(c?.name ?? '');
  const [emails, setEmails] = useState((c?.emails ?? []).join('\n'));
  const [phones, setPhones] = useState((c?.phones ?? []).join('\n'));
  const [manager, setManager] = useState(c?.contactManager?.id ?? '');
  const [custom, setCustom] = useState<Record<string, string>>(c?.customFields ?? {});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    const fields = Object.fromEntries(Object.entries(custom).filter(([, v]) => v !== ''));
    const body = {
      name: name.trim(),
      emails: lines(emails),
      phones: lines(phones),
      customFields: fields,
      contactManagerId: manager || null,
    };
    try {
      props.onSaved(c ? await contactsApi.update(c.id, body) : await contactsApi.create(body));
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      if (Object.keys(f).length === 0) setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  // Errors of one email or phone come as emails.N / phones.N: shown under the list.
  const listError = (prefix: string) =>
    Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];

  return (
    <Dialog title={props.title} onClose={props.onClose} wide>
      <form onSubmit={submit} className="form" noValidate aria-label={props.title}>
        {failure && <Alert tone="error">{failure}</Alert>}
        <TextField id="contact-name" label={t('Name')} value={name} onChange={setName} error={errors.name} required />
        <Field id="contact-emails" label={t('Emails')} hint={t('One per line.')} error={listError('emails')}>
          <textarea
            id="contact-emails"
            className="input"
            rows={2}
            value={emails}
            onChange={(e) => setEmails(e.target.value)}
          />
        </Field>
        <Field
          id="contact-phones"
          label={t('Phones')}
          hint={t('One per line, in international form (+ and the country code).')}
          error={listError('phones')}
        >
          <textarea
            id="contact-phones"
            className="input"
            rows={2}
            value={phones}
            onChange={(e) => setPhones(e.target.value)}
          />
        </Field>
        {catalogs?.visitorFields.map((f) => (
          <TextField
            key={f.id}
            id={`contact-cf-${f.id}`}
            label={f.label}
            value={custom[f.id] ?? ''}
            onChange={(v) => setCustom({ ...custom, [f.id]: v })}
            error={errors[`customFields.${f.id}`]}
          />
        ))}
        <Field
          id="contact-manager"
          label={t('Contact manager')}
          hint={t('An agent or manager; routing prefers them when the setting is on.')}
          error={errors.contactManagerId}
        >
          <select
            id="contact-manager"
            className="input select"
            value={manager}
            onChange={(e) => setManager(e.target.value)}
          >
            <option value="">{t('No contact manager')}</option>
            {Object.entries(catalogs?.agentNames ?? {}).map(([id, n]) => (
              <option key={id} value={id}>
                {n}
              </option>
            ))}
            {c?.contactManager && !catalogs?.agentNames[c.contactManager.id] && (
              <option value={c.contactManager.id}>{c.contactManager.name}</option>
            )}
          </select>
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('Save')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={props.onClose}>
            {t('Cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

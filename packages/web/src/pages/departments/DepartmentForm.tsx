import type { BusinessHoursView, DepartmentFields, DepartmentPatch, DepartmentView } from '@parley/shared';
import { useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import { Alert } from '../../components/Alert';
import { describedBy, Field, TextField } from '../../components/Field';
import { TagInput } from '../../components/TagInput';
import { t } from '../../i18n';

export const emptyDepartment: DepartmentFields = {
  name: '',
  description: '',
  enabled: true,
  showOnRegistration: true,
  showOnOfflineForm: true,
  email: '',
  fallbackDepartmentId: null,
  allowedForwardIds: [],
  requestTagBeforeClosing: false,
  closingTags: [],
  waitingQueueMessage: '',
  maxChatsPerAgent: null,
  businessHoursId: null,
};

function Check(props: {
  id: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  title: string;
  description?: ReactNode;
}) {
  return (
    <label className="choice" htmlFor={props.id}>
      <input id={props.id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <span>
        <span className="choice-title">{props.title}</span>
        {props.description && <span className="choice-description">{props.description}</span>}
      </span>
    </label>
  );
}

/** The department's own fields (its agents are edited separately). Sends only what changed. */
export function DepartmentForm(props: {
  initial: DepartmentFields;
  /** Other departments, for the fallback and the transfer targets. */
  others: DepartmentView[];
  submitLabel: string;
  /** Schedules to pick from: given in multiple business hours mode only (single: the default serves all). */
  schedules?: BusinessHoursView[] | undefined;
  onSubmit: (changes: DepartmentPatch) => Promise<void>;
}) {
  const { initial, others } = props;
  const [v, setV] = useState<DepartmentFields>(initial);
  const [maxText, setMaxText] = useState(initial.maxChatsPerAgent === null ? '' : String(initial.maxChatsPerAgent));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const set = <K extends keyof DepartmentFields>(k: K, value: DepartmentFields[K]) => {
    setV((x) => ({ ...x, [k]: value }));
    setDone(false);
  };

  const localMaxError =
    maxText.trim() && !/^\d+$/.test(maxText.trim()) ? t('Give a whole number, or leave it empty.') : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (localMaxError) return document.getElementById('dept-max')?.focus();
    const next: DepartmentFields = { ...v, maxChatsPerAgent: maxText.trim() ? Number(maxText.trim()) : null };
    const changes = Object.fromEntries(
      Object.entries(next).filter(
        ([k, val]) => JSON.stringify(val) !== JSON.stringify(initial[k as keyof DepartmentFields]),
      ),
    ) as DepartmentPatch;
    if (!initial.name) changes.name = next.name;
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit(changes);
      setDone(true);
    } catch (err) {
      setError(err);
      const first = Object.keys(fieldErrors(err))[0];
      if (first) document.getElementById(`dept-${first}`)?.focus();
    } finally {
      setBusy(false);
    }
  };

  const f = fieldErrors(error);
  const known = [
    'name',
    'description',
    'email',
    'fallbackDepartmentId',
    'allowedForwardIds',
    'closingTags',
    'waitingQueueMessage',
    'maxChatsPerAgent',
    'businessHoursId',
  ];
  const general = error !== undefined && !known.some((k) => f[k]);
  const candidates = others.filter((d) => !d.archived);
  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-label={t('Department')}>
      <h2>{t('Department')}</h2>
      <TextField
        id="dept-name"
        label={t('Name')}
        value={v.name}
        onChange={(x) => set('name', x)}
        error={f.name}
        maxLength={100}
      />
      <Field id="dept-description" label={t('Description')} error={f.description}>
        <textarea
          id="dept-description"
          className="input textarea"
          value={v.description}
          maxLength={1000}
          onChange={(e) => set('description', e.target.value)}
        />
      </Field>
      <TextField
        id="dept-email"
        label={t('Email')}
        type="email"
        hint={t('Offline messages left for this department are emailed here too.')}
        value={v.email}
        onChange={(x) => set('email', x)}
        error={f.email}
      />
      <div className="field choice-list">
        <Check
          id="dept-enabled"
          checked={v.enabled}
          onChange={(x) => set('enabled', x)}
          title={t('Enabled')}
          description={t('Disabled departments receive no new conversations.')}
        />
        <Check
          id="dept-registration"
          checked={v.showOnRegistration}
          onChange={(x) => set('showOnRegistration', x)}
          title={t('Show on the pre-chat form')}
          description={t('Visitors can choose it before chatting.')}
        />
        <Check
          id="dept-offline"
          checked={v.showOnOfflineForm}
          onChange={(x) => set('showOnOfflineForm', x)}
          title={t('Show on the offline form')}
        />
      </div>

      <h2 className="form-section">{t('Routing')}</h2>
      <Field
        id="dept-max"
        label={t('Max. simultaneous chats per agent')}
        hint={t("Empty: the global setting ({group}). 0: unlimited. An agent's own limit wins.", {
          group: t('Queue Management'),
        })}
        error={localMaxError ?? f.maxChatsPerAgent}
      >
        <input
          id="dept-max"
          className="input input-number"
          type="number"
          min={0}
          inputMode="numeric"
          value={maxText}
          onChange={(e) => {
            setMaxText(e.target.value);
            setDone(false);
          }}
          aria-invalid={localMaxError || f.maxChatsPerAgent ? true : undefined}
          aria-describedby={describedBy('dept-max', true, !!(localMaxError ?? f.maxChatsPerAgent))}
        />
      </Field>
      {props.schedules && (
        <Field
          id="dept-businessHoursId"
          label={t('Business hours')}
          hint={t('Outside these hours its agents get no chats. None: the default schedule.')}
          error={f.businessHoursId}
        >
          <select
            id="dept-businessHoursId"
            className="input select"
            value={v.businessHoursId ?? ''}
            onChange={(e) => set('businessHoursId', e.target.value || null)}
            aria-describedby={describedBy('dept-businessHoursId', true, !!f.businessHoursId)}
          >
            <option value="">{t('The default schedule')}</option>
            {props.schedules.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.timeZone})
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field
        id="dept-fallbackDepartmentId"
        label={t('Fallback department')}
        hint={t('Where its conversations go when none of its agents is available.')}
        error={f.fallbackDepartmentId}
      >
        <select
          id="dept-fallbackDepartmentId"
          className="input select"
          value={v.fallbackDepartmentId ?? ''}
          onChange={(e) => set('fallbackDepartmentId', e.target.value || null)}
          aria-describedby={describedBy('dept-fallbackDepartmentId', true, !!f.fallbackDepartmentId)}
        >
          <option value="">{t('None')}</option>
          {candidates.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="field" aria-describedby="dept-forward-hint">
        <legend className="field-label">{t('Departments its agents may transfer to')}</legend>
        {candidates.length === 0 ? (
          <p className="field-hint">{t('There are no other departments.')}</p>
        ) : (
          <div className="choice-list checkbox-columns">
            {candidates.map((d) => (
              <label key={d.id} className="choice">
                <input
                  type="checkbox"
                  checked={v.allowedForwardIds.includes(d.id)}
                  onChange={(e) =>
                    set(
                      'allowedForwardIds',
                      e.target.checked ? [...v.allowedForwardIds, d.id] : v.allowedForwardIds.filter((x) => x !== d.id),
                    )
                  }
                />
                <span>{d.name}</span>
              </label>
            ))}
          </div>
        )}
        <p className="field-hint" id="dept-forward-hint">
          {t('None checked: any department.')}
        </p>
        {f.allowedForwardIds && <p className="field-error">{f.allowedForwardIds}</p>}
      </fieldset>
      <Field
        id="dept-waitingQueueMessage"
        label={t('Waiting queue message')}
        hint={t("Shown to visitors waiting in this department's queue (instead of the global message).")}
        error={f.waitingQueueMessage}
      >
        <textarea
          id="dept-waitingQueueMessage"
          className="input textarea"
          value={v.waitingQueueMessage}
          maxLength={2000}
          onChange={(e) => set('waitingQueueMessage', e.target.value)}
          aria-describedby={describedBy('dept-waitingQueueMessage', true, !!f.waitingQueueMessage)}
        />
      </Field>

      <h2 className="form-section">{t('Closing')}</h2>
      <div className="field">
        <Check
          id="dept-requestTag"
          checked={v.requestTagBeforeClosing}
          onChange={(x) => set('requestTagBeforeClosing', x)}
          title={t('Ask for a tag before closing')}
          description={t('Agents must give one of the closing tags (any tag when the list is empty).')}
        />
      </div>
      <Field id="dept-closingTags" label={t('Closing tags')} error={f.closingTags}>
        <TagInput
          id="dept-closingTags"
          value={v.closingTags}
          onChange={(x) => set('closingTags', x)}
          invalid={!!f.closingTags}
          describedBy={describedBy('dept-closingTags', false, !!f.closingTags)}
        />
      </Field>

      {general && (
        <Alert tone="error" title={t('Nothing was saved.')}>
          {errorMessage(error)}
        </Alert>
      )}
      {done && <Alert tone="success" title={t('The department was saved.')} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('Saving…') : props.submitLabel}
        </button>
      </div>
    </form>
  );
}

import type { CannedScope, DepartmentView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import { Alert } from '../../components/Alert';
import { describedBy, Field, TextField } from '../../components/Field';
import { TagInput } from '../../components/TagInput';
import { scopeLabels, type CannedDraft } from './drafts';
import { t } from '../../i18n';

/**
 * Adding or changing one canned response. Admins and managers choose the scope (and the department);
 * agents keep personal ones only, so they see no scope at all.
 */
export function CannedForm(props: {
  title: string;
  initial: CannedDraft;
  managesAll: boolean;
  departments: DepartmentView[];
  save: (d: CannedDraft) => Promise<unknown>;
  onDone: () => void;
  onCancel?: () => void;
}) {
  const [d, setD] = useState(props.initial);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.save(d);
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card form-card stack" onSubmit={(e) => void submit(e)} noValidate aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.managesAll && (
        <>
          <Field id="canned-scope" label={t('Who may use it')} error={errors.scope}>
            <select
              id="canned-scope"
              className="input select"
              value={d.scope}
              onChange={(e) => setD({ ...d, scope: e.target.value as CannedScope })}
            >
              {(Object.keys(scopeLabels) as CannedScope[]).map((s) => (
                <option key={s} value={s}>
                  {s === 'personal' && !d.ownerId ? t('Personal (you only)') : t(scopeLabels[s])}
                </option>
              ))}
            </select>
          </Field>
          {d.scope === 'department' && (
            <Field id="canned-department" label={t('Department')} error={errors.departmentId}>
              <select
                id="canned-department"
                className="input select"
                value={d.departmentId}
                onChange={(e) => setD({ ...d, departmentId: e.target.value })}
                aria-invalid={errors.departmentId ? true : undefined}
                aria-describedby={describedBy('canned-department', false, !!errors.departmentId)}
              >
                <option value="">Choose a department</option>
                {props.departments.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </>
      )}
      <TextField
        id="canned-shortcut"
        label={t('Shortcut')}
        hint={t('One word, up to 40 characters: typing !shortcut in a reply offers it.')}
        value={d.shortcut}
        onChange={(v) => setD({ ...d, shortcut: v })}
        error={errors.shortcut}
        maxLength={40}
        autoComplete="off"
      />
      <Field
        id="canned-text"
        label={t('Text')}
        hint={t('Placeholders: {list}', {
          list: '{{visitor.name}}, {{visitor.email}}, {{agent.name}}, {{department.name}}, {{conversation.id}}',
        })}
        error={errors.text}
      >
        <textarea
          id="canned-text"
          className="input"
          rows={4}
          maxLength={10_000}
          value={d.text}
          onChange={(e) => setD({ ...d, text: e.target.value })}
          aria-invalid={errors.text ? true : undefined}
          aria-describedby={describedBy('canned-text', true, !!errors.text)}
        />
      </Field>
      <Field id="canned-tags" label={t('Tags')} error={errors.tags}>
        <TagInput
          id="canned-tags"
          value={d.tags}
          onChange={(tags) => setD({ ...d, tags })}
          invalid={!!errors.tags}
          describedBy={describedBy('canned-tags', false, !!errors.tags)}
        />
      </Field>
      {error !== undefined && Object.keys(errors).length === 0 && (
        <Alert tone="error" title={t('Nothing was saved.')}>
          {errorMessage(error)}
        </Alert>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('Save')}
        </button>
        {props.onCancel && (
          <button type="button" className="btn btn-secondary" onClick={props.onCancel}>
            {t('Cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

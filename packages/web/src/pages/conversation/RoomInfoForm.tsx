import type { ConversationView, RoomInfoPatch } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import type { Catalogs } from '../../api/catalogs';
import { conversationsApi } from '../../api/omnichannel';
import { Alert } from '../../components/Alert';
import { TagInput } from '../../components/TagInput';
import { t } from '../../i18n';

/** Edit the room information: topic, tags, priority, SLA policy and the conversation's custom fields. */
export function RoomInfoForm(props: {
  conversation: ConversationView;
  catalogs: Catalogs;
  onSaved: (c: ConversationView) => void;
  onCancel: () => void;
}) {
  const { conversation: c, catalogs } = props;
  const [topic, setTopic] = useState(c.topic);
  const [tags, setTags] = useState(c.tags);
  const [priorityId, setPriorityId] = useState(c.priorityId ?? '');
  const [slaId, setSlaId] = useState(c.slaId ?? '');
  const [custom, setCustom] = useState<Record<string, string>>(c.customFields);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const dept = catalogs.departments.find((d) => d.id === c.departmentId);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch: RoomInfoPatch = {};
    if (topic !== c.topic) patch.topic = topic;
    if (tags.join('\n') !== c.tags.join('\n')) patch.tags = tags;
    if ((priorityId || null) !== c.priorityId) patch.priorityId = priorityId || null;
    if ((slaId || null) !== c.slaId) patch.slaId = slaId || null;
    const changedFields = Object.fromEntries(
      Object.entries(custom).filter(([k, v]) => (c.customFields[k] ?? '') !== v),
    );
    if (Object.keys(changedFields).length) patch.customFields = changedFields;
    if (Object.keys(patch).length === 0) return props.onCancel();
    setBusy(true);
    setError(undefined);
    try {
      props.onSaved(await conversationsApi.update(c.id, patch));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const fields = fieldErrors(error);
  const fieldError = (id: string) => fields[`customFields.${id}`];
  const shown = new Set([
    'topic',
    'tags',
    'priorityId',
    'slaId',
    ...catalogs.fields.map((f) => `customFields.${f.id}`),
  ]);
  const general = error !== undefined && !Object.keys(fields).some((k) => shown.has(k));
  return (
    <form className="room-form" onSubmit={submit} noValidate aria-label={t('Room information')}>
      <div className="field">
        <label className="field-label" htmlFor="room-topic">
          {t('Topic')}
        </label>
        <input
          id="room-topic"
          className="input"
          value={topic}
          maxLength={500}
          onChange={(e) => setTopic(e.target.value)}
        />
        {fields.topic && <p className="field-error">{fields.topic}</p>}
      </div>
      <div className="field">
        <label className="field-label" htmlFor="room-tags">
          {t('Tags')}
        </label>
        <TagInput
          id="room-tags"
          value={tags}
          onChange={setTags}
          suggestions={dept?.closingTags}
          invalid={!!fields.tags}
        />
        {fields.tags && <p className="field-error">{fields.tags}</p>}
      </div>
      <div className="field">
        <label className="field-label" htmlFor="room-priority">
          {t('Priority')}
        </label>
        <select
          id="room-priority"
          className="input select"
          value={priorityId}
          onChange={(e) => setPriorityId(e.target.value)}
        >
          <option value="">{t('None')}</option>
          {catalogs.priorities.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        {fields.priorityId && <p className="field-error">{fields.priorityId}</p>}
      </div>
      <div className="field">
        <label className="field-label" htmlFor="room-sla">
          {t('SLA policy')}
        </label>
        <select id="room-sla" className="input select" value={slaId} onChange={(e) => setSlaId(e.target.value)}>
          <option value="">{t('None')}</option>
          {catalogs.slas.map((s) => (
            <option key={s.id} value={s.id}>
              {t('{name} ({minutes} min)', { name: s.name, minutes: s.dueMinutes })}
            </option>
          ))}
        </select>
        {fields.slaId && <p className="field-error">{fields.slaId}</p>}
      </div>
      {catalogs.fields.map((f) => {
        const id = `room-cf-${f.id}`;
        const err = fieldError(f.id);
        const value = custom[f.id] ?? '';
        const set = (v: string) => setCustom((x) => ({ ...x, [f.id]: v }));
        return (
          <div key={f.id} className={`field${err ? ' has-error' : ''}`}>
            <label className="field-label" htmlFor={id}>
              {f.label} {f.required && <span className="required">{t('(required)')}</span>}
            </label>
            {f.type === 'select' ? (
              <select
                id={id}
                className="input select"
                value={value}
                onChange={(e) => set(e.target.value)}
                aria-invalid={err ? true : undefined}
              >
                <option value="">—</option>
                {f.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                className="input"
                value={value}
                onChange={(e) => set(e.target.value)}
                aria-invalid={err ? true : undefined}
              />
            )}
            {err && <p className="field-error">{err}</p>}
          </div>
        );
      })}
      {general && (
        <Alert tone="error" title={t('Nothing was saved.')}>
          {errorMessage(error)}
        </Alert>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
          {busy ? t('Saving…') : t('Save')}
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={props.onCancel}>
          {t('Cancel')}
        </button>
      </div>
    </form>
  );
}

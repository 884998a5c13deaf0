import type { ApiChannelSecrets, ChannelCreateInput, ChannelType, ChannelView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { useCatalogs } from '../../api/catalogs';
import { channelsApi } from '../../api/channels';
import { errorMessage, fieldErrors } from '../../api/client';
import { Alert } from '../../components/Alert';
import { invalidateChannels } from '../../components/ChannelBadge';
import { Field, TextField } from '../../components/Field';
import { t } from '../../i18n';
import { typeForms, typeLabels } from './typeForms';

/** The settings a type's form starts from when editing (the API channel's callback URL lives beside them). */
function startingSettings(c: ChannelView | undefined): Record<string, unknown> {
  if (!c) return {};
  if (c.type === 'api') return { callbackUrl: c.api?.callbackUrl ?? null };
  return { ...c.settings };
}

/**
 * Creating or changing a channel: the common fields (type when new, name, default department, enabled)
 * and the type's own fields from `typeForms`. A new API channel answers its token and secret, passed up
 * to be shown once.
 */
export function ChannelForm(props: {
  editing: ChannelView | 'new';
  onSaved: (result: { channel: ChannelView; secrets?: ApiChannelSecrets }) => void;
  onCancel: () => void;
}) {
  const existing = props.editing === 'new' ? undefined : props.editing;
  const creatable = (Object.keys(typeForms) as ChannelType[]).filter((k) => k !== 'widget');
  const [type, setType] = useState<ChannelType>(existing?.type ?? creatable[0] ?? 'api');
  const [name, setName] = useState(existing?.name ?? '');
  const [departmentId, setDepartmentId] = useState(existing?.departmentId ?? '');
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const [settings, setSettings] = useState<Record<string, unknown>>(startingSettings(existing));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const catalogs = useCatalogs();
  const errors = fieldErrors(error);
  const settingErrors = Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k.startsWith('settings.'))
      .map(([k, v]) => [k.slice('settings.'.length), v]),
  );
  const TypeForm = typeForms[type];
  const title = existing ? t('Edit {name}', { name: existing.name }) : t('New channel');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (existing) {
        const channel = await channelsApi.update(existing.id, {
          name,
          departmentId: departmentId || null,
          ...(existing.type !== 'widget' ? { enabled, settings } : {}),
        });
        invalidateChannels();
        props.onSaved({ channel });
      } else {
        const secrets = await channelsApi.create({
          type,
          name,
          ...(departmentId ? { departmentId } : {}),
          settings,
        } as ChannelCreateInput);
        invalidateChannels();
        props.onSaved({ channel: secrets.channel, secrets });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form-card stack" onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
      <h2>{title}</h2>
      {error !== undefined && Object.keys(errors).length === 0 && (
        <Alert tone="error" title={t('The channel could not be saved.')}>
          {errorMessage(error)}
        </Alert>
      )}
      {!existing && (
        <Field id="channel-type" label={t('Type')} error={errors.type}>
          <select
            id="channel-type"
            className="input select"
            value={type}
            onChange={(e) => {
              setType(e.target.value as ChannelType);
              setSettings({});
            }}
          >
            {creatable.map((k) => (
              <option key={k} value={k}>
                {t(typeLabels[k])}
              </option>
            ))}
          </select>
        </Field>
      )}
      <TextField
        id="channel-name"
        label={t('Name')}
        value={name}
        onChange={setName}
        error={errors.name}
        maxLength={100}
        autoComplete="off"
      />
      <Field
        id="channel-department"
        label={t('Default department')}
        hint={t('New conversations of this channel start in this department.')}
        error={errors.departmentId}
      >
        <select
          id="channel-department"
          className="input select"
          value={departmentId}
          onChange={(e) => setDepartmentId(e.target.value)}
        >
          <option value="">{t('None')}</option>
          {catalogs?.departments
            .filter((d) => !d.archived || d.id === departmentId)
            .map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
        </select>
      </Field>
      {existing && existing.type !== 'widget' && (
        <label className="choice">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <span>{t('Enabled (a disabled channel refuses new messages)')}</span>
        </label>
      )}
      {TypeForm && <TypeForm channel={existing} value={settings} onChange={setSettings} errors={settingErrors} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {existing ? t('Save') : t('Create channel')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={props.onCancel}>
          {t('Cancel')}
        </button>
      </div>
    </form>
  );
}

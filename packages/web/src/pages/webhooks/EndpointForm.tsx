import type { WebhookEndpointView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import { webhooksApi } from '../../api/webhooks';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import {
  createBody,
  emptyEndpoint,
  endpointDraft,
  endpointProblems,
  eventLabels,
  events,
  patchBody,
  type EndpointDraft,
} from './model';
import { t } from '../../i18n';

/**
 * Adding or changing a further endpoint: checked here as the API checks it, then saved. The secret is
 * write-only: an edit shows whether one is set and keeps it unless a new one is typed or it is removed.
 */
export function EndpointForm(props: {
  editing: WebhookEndpointView | 'new';
  onDone: () => void;
  onCancel: () => void;
}) {
  const existing = props.editing === 'new' ? undefined : props.editing;
  const [d, setD] = useState<EndpointDraft>(existing ? endpointDraft(existing) : emptyEndpoint);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errors = { ...fieldErrors(error), ...local };
  const title = existing ? t('Edit {name}', { name: existing.name }) : t('New webhook endpoint');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems = endpointProblems(d);
    setLocal(problems);
    setError(undefined);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      if (existing) await webhooksApi.updateEndpoint(existing.id, patchBody(d));
      else await webhooksApi.createEndpoint(createBody(d));
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const set = <K extends keyof EndpointDraft>(k: K, v: EndpointDraft[K]) => {
    setD((x) => ({ ...x, [k]: v }));
    setLocal((l) => {
      if (!(k in l)) return l;
      const next = { ...l };
      delete next[k];
      return next;
    });
  };

  return (
    <form className="card form-card stack" onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
      <h2>{title}</h2>
      <TextField
        id="endpoint-name"
        label={t('Name')}
        value={d.name}
        onChange={(v) => set('name', v)}
        error={errors.name}
        maxLength={100}
        autoComplete="off"
      />
      <TextField
        id="endpoint-url"
        label={t('URL')}
        hint={t('Each event is POSTed here as JSON (the same bodies as the CRM webhook).')}
        type="url"
        value={d.url}
        onChange={(v) => set('url', v)}
        error={errors.url}
        placeholder="https://crm.example.com/parley"
        autoComplete="off"
      />
      <TextField
        id="endpoint-secret"
        label={t('Secret')}
        type="password"
        hint={
          existing?.hasSecret
            ? t('A secret is set. Leave this empty to keep it, or type a new one.')
            : t('Optional. Signs each request (X-Parley-Signature) and is sent as the token headers.')
        }
        value={d.secret}
        onChange={(v) => set('secret', v)}
        error={errors.secret}
        disabled={d.removeSecret}
        autoComplete="new-password"
      />
      {existing?.hasSecret && (
        <label className="choice">
          <input type="checkbox" checked={d.removeSecret} onChange={(e) => set('removeSecret', e.target.checked)} />
          <span>{t('Remove the secret')}</span>
        </label>
      )}
      <fieldset
        className={`field${errors.events ? ' has-error' : ''}`}
        aria-describedby={errors.events ? 'endpoint-events-error' : undefined}
      >
        <legend className="field-label">{t('Events')}</legend>
        <div className="choice-list checkbox-columns">
          {events.map((ev) => (
            <label key={ev} className="choice">
              <input
                type="checkbox"
                name="events"
                value={ev}
                checked={d.events.includes(ev)}
                onChange={(e) => set('events', e.target.checked ? [...d.events, ev] : d.events.filter((x) => x !== ev))}
              />
              <span>{t(eventLabels[ev])}</span>
            </label>
          ))}
        </div>
        {errors.events && (
          <p className="field-error" id="endpoint-events-error">
            {errors.events}
          </p>
        )}
      </fieldset>
      <label className="choice">
        <input type="checkbox" checked={d.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        <span>
          <span className="choice-title">{t('Enabled')}</span>
          <span className="choice-description">
            {t('A disabled endpoint gets nothing; its waiting deliveries fail.')}
          </span>
        </span>
      </label>
      {error !== undefined && Object.keys(fieldErrors(error)).length === 0 && (
        <Alert tone="error" title={t('Nothing was saved.')}>
          {errorMessage(error)}
        </Alert>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {existing ? t('Save') : t('Add endpoint')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={props.onCancel}>
          {t('Cancel')}
        </button>
      </div>
    </form>
  );
}

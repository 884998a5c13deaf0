import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Field, describedBy } from '../../components/Field';
import { formatDate, formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../components/useAsync';
import { NewTokenSecret } from './NewTokenSecret';
import { tokensApi } from './tokens.api';
import { t } from '../../i18n';

const lifetimes = [
  { days: 0, label: 'Never expires' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: 'One year' },
];

/** Personal access tokens for the API: create (secret shown once), list, revoke. */
export function AccessTokens() {
  const list = useAsync(() => tokensApi.list(), []);
  const [name, setName] = useState('');
  const [days, setDays] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [confirming, setConfirming] = useState<string>();
  const [revokeError, setRevokeError] = useState<unknown>();

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await tokensApi.create(name.trim(), days || undefined);
      setCreated({ name: r.accessToken.name, token: r.token });
      setName('');
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id: string) => {
    setRevokeError(undefined);
    try {
      await tokensApi.revoke(id);
      setConfirming(undefined);
      list.reload();
    } catch (err) {
      setRevokeError(err);
    }
  };

  const fields = fieldErrors(error);
  return (
    <section className="card form-card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t('Personal access tokens')}</h2>
      <p className="section-intro">
        {t(
          'A token lets scripts and integrations call the API as you, with your roles. Revoke a token you no longer use.',
        )}
      </p>
      {created ? (
        <NewTokenSecret name={created.name} token={created.token} onDone={() => setCreated(undefined)} />
      ) : (
        <form className="inline-form" onSubmit={create} noValidate aria-label={t('New access token')}>
          <Field id="token-name" label={t('Token name')} error={fields.name}>
            <input
              id="token-name"
              className="input"
              value={name}
              placeholder={t('e.g. CRM sync')}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={fields.name ? true : undefined}
              aria-describedby={describedBy('token-name', false, !!fields.name)}
            />
          </Field>
          <Field id="token-expiry" label={t('Expires')}>
            <select
              id="token-expiry"
              className="input select"
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
            >
              {lifetimes.map((l) => (
                <option key={l.days} value={l.days}>
                  {t(l.label)}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
            {t('Create token')}
          </button>
        </form>
      )}
      {error !== undefined && !fields.name && (
        <Alert tone="error" title={t('The token was not created.')}>
          {errorMessage(error)}
        </Alert>
      )}
      {revokeError !== undefined && (
        <Alert tone="error" title={t('The token was not revoked.')}>
          {errorMessage(revokeError)}
        </Alert>
      )}
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <Alert tone="error" title={t('Your tokens could not be loaded.')} />}
      {list.data && (
        <table className="table">
          <caption className="visually-hidden">{t('Your access tokens')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              <th scope="col">{t('Created')}</th>
              <th scope="col">{t('Expires')}</th>
              <th scope="col">{t('Last used')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('Actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((tok) => (
              <tr key={tok.id}>
                <td className="cell-title cell-break">{tok.name}</td>
                <td className="cell-nowrap">{formatDate(tok.createdAt)}</td>
                <td className="cell-nowrap">{tok.expiresAt ? formatDate(tok.expiresAt) : t('Never')}</td>
                <td className="cell-nowrap">{tok.lastUsedAt ? formatDateTime(tok.lastUsedAt) : t('Never')}</td>
                <td className="cell-actions">
                  {confirming === tok.id ? (
                    <span className="confirm">
                      <button type="button" className="btn btn-danger btn-small" onClick={() => void revoke(tok.id)}>
                        {t('Revoke “{name}”', { name: tok.name })}
                      </button>
                      <button
                        type="button"
                        className="btn btn-secondary btn-small"
                        onClick={() => setConfirming(undefined)}
                      >
                        {t('Keep')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirming(tok.id)}>
                      {t('Revoke')}
                      <span className="visually-hidden"> {tok.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {list.data.items.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  {t('You have no access tokens.')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

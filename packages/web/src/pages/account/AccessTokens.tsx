import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Field, describedBy } from '../../components/Field';
import { formatDate, formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../components/useAsync';
import { NewTokenSecret } from './NewTokenSecret';
import { tokensApi } from './tokens.api';

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
      <h2 id="tokens-heading">Personal access tokens</h2>
      <p className="section-intro">
        A token lets scripts and integrations call the API as you, with your roles. Revoke a token you no longer use.
      </p>
      {created ? (
        <NewTokenSecret name={created.name} token={created.token} onDone={() => setCreated(undefined)} />
      ) : (
        <form className="inline-form" onSubmit={create} noValidate aria-label="New access token">
          <Field id="token-name" label="Token name" error={fields.name}>
            <input
              id="token-name"
              className="input"
              value={name}
              placeholder="e.g. CRM sync"
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={fields.name ? true : undefined}
              aria-describedby={describedBy('token-name', false, !!fields.name)}
            />
          </Field>
          <Field id="token-expiry" label="Expires">
            <select
              id="token-expiry"
              className="input select"
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
            >
              {lifetimes.map((l) => (
                <option key={l.days} value={l.days}>
                  {l.label}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
            Create token
          </button>
        </form>
      )}
      {error !== undefined && !fields.name && (
        <Alert tone="error" title="The token was not created.">
          {errorMessage(error)}
        </Alert>
      )}
      {revokeError !== undefined && (
        <Alert tone="error" title="The token was not revoked.">
          {errorMessage(revokeError)}
        </Alert>
      )}
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <Alert tone="error" title="Your tokens could not be loaded." />}
      {list.data && (
        <table className="table">
          <caption className="visually-hidden">Your access tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((t) => (
              <tr key={t.id}>
                <td className="cell-title cell-break">{t.name}</td>
                <td className="cell-nowrap">{formatDate(t.createdAt)}</td>
                <td className="cell-nowrap">{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</td>
                <td className="cell-nowrap">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</td>
                <td className="cell-actions">
                  {confirming === t.id ? (
                    <span className="confirm">
                      <button type="button" className="btn btn-danger btn-small" onClick={() => void revoke(t.id)}>
                        Revoke “{t.name}”
                      </button>
                      <button
                        type="button"
                        className="btn btn-secondary btn-small"
                        onClick={() => setConfirming(undefined)}
                      >
                        Keep
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirming(t.id)}>
                      Revoke<span className="visually-hidden"> {t.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {list.data.items.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  You have no access tokens.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

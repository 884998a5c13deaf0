import { useRef, useState } from 'react';
import { Alert } from '../../components/Alert';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';

function SecretRow({ id, label, value }: { id: string; label: string; value: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied(document.execCommand('copy') ? 'yes' : 'failed');
    }
  };
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="secret-row">
        <input id={id} ref={input} className="input mono" readOnly value={value} onFocus={(e) => e.target.select()} />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          {t('Copy')}
          <span className="visually-hidden"> {label}</span>
        </button>
      </div>
      <p role="status" className="field-hint">
        {copied === 'yes' && t('Copied to the clipboard.')}
        {copied === 'failed' && t('Copying failed; select the text and copy it yourself.')}
      </p>
    </div>
  );
}

/** An API channel's token and/or signing secret just made: shown this once, each with a copy button. */
export function ChannelSecrets(props: { name: string; token?: string; secret?: string; onDone: () => void }) {
  return (
    <div className="new-secret card stack" role="region" aria-labelledby="channel-secrets-title">
      <Alert
        tone="success"
        title={<span id="channel-secrets-title">{t('Credentials of “{name}”', { name: props.name })}</span>}
      >
        {t('Copy them now: they are shown only this once.')}{' '}
        {props.token && (
          <>
            {tx('The token authenticates the API calls: {header}.', {
              header: <code>Authorization: Bearer …</code>,
            })}{' '}
          </>
        )}
        {props.secret && (
          <>
            {tx('The secret signs what Parley posts to the callback URL: {header}.', {
              header: <code>X-Parley-Signature: sha256=…</code>,
            })}
          </>
        )}
      </Alert>
      {props.token && <SecretRow id="channel-token" label={t('API token')} value={props.token} />}
      {props.secret && <SecretRow id="channel-secret" label={t('Signing secret')} value={props.secret} />}
      <div>
        <button type="button" className="btn btn-secondary" onClick={props.onDone}>
          {t('Done')}
        </button>
      </div>
    </div>
  );
}

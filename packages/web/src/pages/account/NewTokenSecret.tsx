import { useRef, useState } from 'react';
import { Alert } from '../../components/Alert';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';

/** The secret of a token just created: shown this once, with a copy button. */
export function NewTokenSecret({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied(document.execCommand('copy') ? 'yes' : 'failed');
    }
  };
  return (
    <div className="new-secret" role="region" aria-labelledby="new-secret-title">
      <Alert tone="success" title={<span id="new-secret-title">{t('Token “{name}” created', { name })}</span>}>
        {tx('Copy it now: it is shown only this once. Use it as {header}', {
          header: <code>Authorization: Bearer …</code>,
        })}
      </Alert>
      <div className="secret-row">
        <label className="visually-hidden" htmlFor="new-token-value">
          {t('The new token')}
        </label>
        <input
          id="new-token-value"
          ref={input}
          className="input mono"
          readOnly
          value={token}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          {t('Copy')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          {t('Done')}
        </button>
      </div>
      <p role="status" className="field-hint">
        {copied === 'yes' && t('Copied to the clipboard.')}
        {copied === 'failed' && t('Copying failed; select the text and copy it yourself.')}
      </p>
    </div>
  );
}

import { useRef, useState } from 'react';
import { Alert } from '../../components/Alert';

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
      <Alert tone="success" title={<span id="new-secret-title">Token “{name}” created</span>}>
        Copy it now: it is shown only this once. Use it as <code>Authorization: Bearer …</code>
      </Alert>
      <div className="secret-row">
        <label className="visually-hidden" htmlFor="new-token-value">
          The new token
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
          Copy
        </button>
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="field-hint">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'Copying failed; select the text and copy it yourself.'}
      </p>
    </div>
  );
}

import { Badge } from '../../../components/Badge';
import { t } from '../../../i18n';
import type { ControlProps } from './types';

/**
 * Write-only: the server never returns a secret, only whether one is set. Typing replaces it on save;
 * "Clear" removes it (sent as '').
 */
export function SecretControl({ setting, value, onChange, id, describedBy, invalid, edited }: ControlProps) {
  const clearing = edited && value === '';
  const isSet = setting.isSet === true;
  return (
    <div className="secret-control">
      <div className="secret-status">
        {isSet ? <Badge tone="success">{t('Set')}</Badge> : <Badge>{t('Not set')}</Badge>}
        {edited && !clearing && <span className="secret-note">{t('Will be replaced when you save.')}</span>}
        {clearing && <span className="secret-note">{t('Will be cleared when you save.')}</span>}
      </div>
      <div className="secret-row">
        <input
          id={id}
          className="input"
          type="password"
          autoComplete="new-password"
          data-1p-ignore
          data-lpignore="true"
          disabled={clearing}
          placeholder={isSet ? t('Type a new value to replace it') : t('Type a value to set it')}
          value={clearing ? '' : String(value ?? '')}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        />
        {isSet && !clearing && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => onChange('')}>
            {t('Clear')}
          </button>
        )}
        {clearing && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => onChange(undefined)}>
            {t('Keep it')}
          </button>
        )}
      </div>
    </div>
  );
}

import { formatNumber } from '../../components/format';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';
import type { SaveOutcome } from './useSettingsForm';

interface Props {
  changes: number;
  saving: boolean;
  outcome: SaveOutcome | undefined;
  onDiscard: () => void;
  onDismiss: () => void;
}

/** Sticks to the bottom of the window while there is something to save or just was. */
export function SaveBar({ changes, saving, outcome, onDiscard, onDismiss }: Props) {
  if (changes === 0 && outcome?.kind !== 'saved') return null;
  if (changes === 0 && outcome?.kind === 'saved') {
    return (
      <div className="save-bar save-bar-done" role="region" aria-label={t('Save status')}>
        <p className="save-bar-text" role="status">
          {t('Saved: {settings}.', { settings: outcome.labels.map((label) => t(label)).join(', ') })}
        </p>
        <button type="button" className="btn btn-secondary btn-small" onClick={onDismiss}>
          {t('Dismiss')}
        </button>
      </div>
    );
  }
  return (
    <div className="save-bar" role="region" aria-label={t('Unsaved changes')}>
      <div className="save-bar-text">
        <p>
          {tx(t('{count, plural, one {{n} unsaved change} other {{n} unsaved changes}}', { count: changes }), {
            n: <strong>{formatNumber(changes)}</strong>,
          })}
        </p>
        {outcome?.kind === 'rejected' && (
          <p className="save-bar-error" role="alert">
            {t(
              '{count, plural, one {Nothing was saved: one setting has an invalid value. Fix the highlighted setting and save again.} other {Nothing was saved: # settings have an invalid value. Fix the highlighted settings and save again.}}',
              { count: outcome.count },
            )}
          </p>
        )}
        {outcome?.kind === 'failed' && (
          <p className="save-bar-error" role="alert">
            {t('Nothing was saved: {message}', { message: outcome.message })}
          </p>
        )}
      </div>
      <div className="save-bar-actions">
        <button type="button" className="btn btn-secondary" onClick={onDiscard} disabled={saving}>
          {t('Discard')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? t('Saving…') : t('Save changes')}
        </button>
      </div>
    </div>
  );
}

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
      <div className="save-bar save-bar-done" role="region" aria-label="Save status">
        <p className="save-bar-text" role="status">
          Saved: {outcome.labels.join(', ')}.
        </p>
        <button type="button" className="btn btn-secondary btn-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  return (
    <div className="save-bar" role="region" aria-label="Unsaved changes">
      <div className="save-bar-text">
        <p>
          <strong>{changes}</strong> unsaved {changes === 1 ? 'change' : 'changes'}
        </p>
        {outcome?.kind === 'rejected' && (
          <p className="save-bar-error" role="alert">
            Nothing was saved: {outcome.count === 1 ? 'one setting has' : `${outcome.count} settings have`} an invalid
            value. Fix the highlighted {outcome.count === 1 ? 'setting' : 'settings'} and save again.
          </p>
        )}
        {outcome?.kind === 'failed' && (
          <p className="save-bar-error" role="alert">
            Nothing was saved: {outcome.message}
          </p>
        )}
      </div>
      <div className="save-bar-actions">
        <button type="button" className="btn btn-secondary" onClick={onDiscard} disabled={saving}>
          Discard
        </button>
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </div>
  );
}

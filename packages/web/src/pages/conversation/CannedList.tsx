import type { CannedResponseView } from '@parley/shared';

/**
 * The picker's list under the composer. Shortcuts and texts are the staff's own words: shown as text only
 * (React escapes them), never as markup.
 */
export function CannedList(props: {
  id: string;
  matches: CannedResponseView[];
  active: number;
  loaded: boolean;
  error: string | undefined;
  onChoose: (r: CannedResponseView) => void;
}) {
  return (
    <div className="canned-picker">
      <ul id={props.id} role="listbox" aria-label="Canned responses" className="canned-list">
        {props.matches.map((r, i) => (
          <li
            key={r.id}
            id={`${props.id}-${r.id}`}
            role="option"
            aria-selected={i === props.active}
            className={i === props.active ? 'canned-option active' : 'canned-option'}
            // Keeps the focus in the composer while choosing with the mouse.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => props.onChoose(r)}
          >
            <span className="canned-shortcut">!{r.shortcut}</span>
            <span className="canned-text">{r.text}</span>
          </li>
        ))}
      </ul>
      {props.error ? (
        <p className="canned-note field-error" role="alert">
          {props.error}
        </p>
      ) : (
        props.matches.length === 0 && (
          <p className="canned-note muted">{props.loaded ? 'No canned response matches.' : 'Loading…'}</p>
        )
      )}
      {props.matches.length > 0 && (
        <p className="canned-note muted">↑↓ to choose · Enter or Tab inserts · Esc closes</p>
      )}
    </div>
  );
}

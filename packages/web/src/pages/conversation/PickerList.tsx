import { t } from '../../i18n';
/**
 * A composer picker's list (canned responses, colleagues to mention). Shortcuts, texts and names are the
 * staff's own words: shown as text only (React escapes them), never as markup.
 */
export function PickerList<T>(props: {
  id: string;
  /** The listbox's accessible name. */
  label: string;
  className?: string;
  matches: T[];
  active: number;
  loaded: boolean;
  error: string | undefined;
  /** An item's id, its key (shown first, e.g. `!hello`) and its text. */
  show: (item: T) => { id: string; key: string; text: string };
  /** Said when nothing matches. */
  empty: string;
  /** Said under a list with matches (how to use it). */
  hint?: string;
  onChoose: (item: T) => void;
}) {
  return (
    <div className={props.className ? `canned-picker ${props.className}` : 'canned-picker'}>
      <ul id={props.id} role="listbox" aria-label={props.label} className="canned-list">
        {props.matches.map((item, i) => {
          const s = props.show(item);
          return (
            <li
              key={s.id}
              id={`${props.id}-${s.id}`}
              role="option"
              aria-selected={i === props.active}
              className={i === props.active ? 'canned-option active' : 'canned-option'}
              // Keeps the focus in the composer while choosing with the mouse.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => props.onChoose(item)}
            >
              <span className="canned-shortcut">{s.key}</span>
              <span className="canned-text">{s.text}</span>
            </li>
          );
        })}
      </ul>
      {props.error ? (
        <p className="canned-note field-error" role="alert">
          {props.error}
        </p>
      ) : (
        props.matches.length === 0 && <p className="canned-note muted">{props.loaded ? props.empty : t('Loading…')}</p>
      )}
      {props.matches.length > 0 && props.hint && <p className="canned-note muted">{props.hint}</p>}
    </div>
  );
}

import type { Mentionable } from '@parley/shared';

type Colleague = Mentionable['items'][number];

/** The `@` picker's list under the note composer (names shown as text only). */
export function MentionList(props: {
  id: string;
  matches: Colleague[];
  active: number;
  loaded: boolean;
  error: string | undefined;
  onChoose: (u: Colleague) => void;
}) {
  return (
    <div className="canned-picker mention-picker">
      <ul id={props.id} role="listbox" aria-label="Colleagues to mention" className="canned-list">
        {props.matches.map((u, i) => (
          <li
            key={u.id}
            id={`${props.id}-${u.id}`}
            role="option"
            aria-selected={i === props.active}
            className={i === props.active ? 'canned-option active' : 'canned-option'}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => props.onChoose(u)}
          >
            <span className="canned-shortcut">@{u.username}</span>
            <span className="canned-text">{u.name}</span>
          </li>
        ))}
      </ul>
      {props.error ? (
        <p className="canned-note field-error" role="alert">
          {props.error}
        </p>
      ) : (
        props.matches.length === 0 && (
          <p className="canned-note muted">
            {props.loaded ? 'No colleague who can read this conversation matches.' : 'Loading…'}
          </p>
        )
      )}
    </div>
  );
}

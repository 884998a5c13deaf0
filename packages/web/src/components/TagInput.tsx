import { useState, type KeyboardEvent } from 'react';
import { t } from '../i18n';

function split(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Removable tags: type and press Enter or comma, or paste a comma-separated list. */
export function TagInput(props: {
  id: string;
  value: string[];
  onChange: (value: string[]) => void;
  describedBy?: string | undefined;
  invalid?: boolean | undefined;
  placeholder?: string;
  /** Suggestions offered while typing. */
  suggestions?: string[];
}) {
  const { value: items, onChange } = props;
  const [text, setText] = useState('');
  const add = (raw: string) => {
    const fresh = split(raw).filter((s, i, all) => !items.includes(s) && all.indexOf(s) === i);
    if (fresh.length > 0) onChange([...items, ...fresh]);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add(text);
    } else if (e.key === 'Backspace' && text === '' && items.length > 0) {
      onChange(items.slice(0, -1));
    }
  };
  const onText = (v: string) => {
    const parts = v.split(/[,\n]/);
    const rest = parts.pop() ?? '';
    if (parts.length > 0) add(parts.join(','));
    setText(rest);
  };
  const listId = props.suggestions?.length ? `${props.id}-suggestions` : undefined;
  return (
    <div className={`tag-input${props.invalid ? ' is-invalid' : ''}`}>
      {items.length > 0 && (
        <ul className="tags" aria-label={t('Tags')}>
          {items.map((item) => (
            <li key={item} className="tag">
              <span className="tag-text">{item}</span>
              <button
                type="button"
                className="tag-remove"
                aria-label={t('Remove {item}', { item })}
                onClick={() => onChange(items.filter((x) => x !== item))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={props.id}
        className="tag-entry"
        type="text"
        value={text}
        autoComplete="off"
        list={listId}
        placeholder={props.placeholder ?? (items.length ? t('Add another…') : t('Type and press Enter'))}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => onText(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => text.trim() && add(text)}
      />
      {listId && (
        <datalist id={listId}>
          {props
            .suggestions!.filter((s) => !items.includes(s))
            .map((s) => (
              <option key={s} value={s} />
            ))}
        </datalist>
      )}
    </div>
  );
}

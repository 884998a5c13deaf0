import { useState, type KeyboardEvent } from 'react';
import { t } from '../../../i18n';
import type { ControlProps } from './types';

function split(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A free list as removable tags: type and press Enter or comma, or paste a comma-separated list. */
export function TagListControl({ value, onChange, id, describedBy, invalid }: ControlProps) {
  const items = Array.isArray(value) ? (value as string[]) : split(String(value ?? ''));
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
  // A comma (typed or pasted) ends an entry; what follows the last comma stays in the box.
  const onText = (v: string) => {
    const parts = v.split(/[,\n]/);
    const rest = parts.pop() ?? '';
    if (parts.length > 0) add(parts.join(','));
    setText(rest);
  };

  return (
    <div className={`tag-input${invalid ? ' is-invalid' : ''}`}>
      {items.length > 0 && (
        <ul className="tags" aria-label={t('Entries')}>
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
        id={id}
        className="tag-entry"
        type="text"
        value={text}
        autoComplete="off"
        placeholder={items.length ? t('Add another…') : t('Type and press Enter')}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onText(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => text.trim() && add(text)}
      />
    </div>
  );
}

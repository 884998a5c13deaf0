import type { FormEvent, ReactNode } from 'react';
import { t } from '../../i18n';

/**
 * A list's search form: its fields, then the submit button and any `extra` buttons (clear filters…).
 * `bare` when it sits inside a card already (a catalog section).
 */
export function ListToolbar(props: {
  /** The form's accessible name: "Find users", "Filter the audit log". */
  label: string;
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
  submitLabel?: string;
  extra?: ReactNode;
  className?: string;
  bare?: boolean;
}) {
  const className = ['toolbar', props.bare ? '' : 'card', props.className ?? ''].filter(Boolean).join(' ');
  return (
    <form className={className} role="search" aria-label={props.label} onSubmit={props.onSubmit}>
      {props.children}
      <button type="submit" className="btn btn-secondary">
        {props.submitLabel ?? t('Search')}
      </button>
      {props.extra}
    </form>
  );
}

/** A labelled control of the toolbar; `grow` takes the remaining width. */
export function ToolbarField(props: { id: string; label: string; grow?: boolean; children: ReactNode }) {
  return (
    <div className={props.grow ? 'toolbar-field toolbar-grow' : 'toolbar-field'}>
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.children}
    </div>
  );
}

/** The toolbar's text box (type=search); `children` go after it (a datalist). */
export function SearchField(props: {
  id: string;
  label?: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  className?: string;
  list?: string;
  children?: ReactNode;
}) {
  return (
    <ToolbarField id={props.id} label={props.label ?? t('Search')} grow>
      <input
        id={props.id}
        className={props.className ?? 'input'}
        type="search"
        list={props.list}
        placeholder={props.placeholder}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.children}
    </ToolbarField>
  );
}

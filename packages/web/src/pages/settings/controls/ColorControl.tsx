import { t } from '../../../i18n';
import type { ControlProps } from './types';

const hex = /^#[0-9a-fA-F]{6}$/;

/** A hex text field (the value sent) next to the browser's color picker. */
export function ColorControl({ setting, value, onChange, id, describedBy, invalid }: ControlProps) {
  const text = String(value ?? '');
  const saved = typeof setting.value === 'string' && hex.test(setting.value) ? setting.value : '#000000';
  const swatch = hex.test(text) ? text : saved;
  return (
    <span className="color-control">
      <input
        type="color"
        className="color-picker"
        value={swatch.toLowerCase()}
        aria-label={t('{setting}: color picker', { setting: t(setting.label) })}
        onChange={(e) => onChange(e.target.value.toUpperCase())}
      />
      <input
        id={id}
        className="input input-color mono"
        type="text"
        value={text}
        spellCheck={false}
        autoComplete="off"
        maxLength={20}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value.trim())}
      />
    </span>
  );
}

import type { ControlProps } from './types';
import { humanize } from '../../../components/format';
import { t } from '../../../i18n';

const units: Record<string, string> = { s: 'seconds', min: 'minutes', ms: 'milliseconds' };

/**
 * Names for the catalog's enum values, in English (translated where shown): friendlier ones where the
 * spelling is terse, the others as humanize() spells them. A value not listed (a newer server) is humanized.
 */
const optionLabels: Record<string, string> = {
  sla: 'SLA policies',
  url: 'Page URL',
  title: 'Page title',
  auto: 'Auto selection',
  external: 'External service',
  'on-hold': 'Place chat on hold',
  jitsi: 'Jitsi',
  'user-join': 'User join',
  'user-leave': 'User leave',
  'conversation-finished': 'Conversation finished',
  'conversation-started': 'Conversation started',
  'conversation-transferred': 'Conversation transferred',
  single: 'Single',
  multiple: 'Multiple',
  timestamp: 'Timestamp',
  priority: 'Priority',
  manual: 'Manual',
  'load-balancing': 'Load balancing',
  'load-rotation': 'Load rotation',
  none: 'None',
  forward: 'Forward',
  close: 'Close',
  starttls: 'Starttls',
  tls: 'Tls',
};

/** An enum value's name in English (the key of its translation). */
export function optionLabel(value: string): string {
  return optionLabels[value] ?? humanize(value);
}

export function BoolControl({ value, onChange, id, describedBy }: ControlProps) {
  const on = value === true;
  return (
    <span className="switch">
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={on}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-state" aria-hidden="true">
        {on ? t('On') : t('Off')}
      </span>
    </span>
  );
}

export function IntControl({ setting, value, onChange, id, describedBy, invalid }: ControlProps) {
  const unit = setting.unit ? t(units[setting.unit] ?? setting.unit) : undefined;
  return (
    <span className="input-with-unit">
      <input
        id={id}
        className="input input-number"
        type="number"
        inputMode="numeric"
        step={1}
        min={setting.min}
        max={setting.max}
        value={typeof value === 'number' ? String(value) : String(value ?? '')}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          const raw = e.target.value.trim();
          onChange(/^-?\d+$/.test(raw) ? Number(raw) : raw);
        }}
      />
      {unit && <span className="unit">{unit}</span>}
    </span>
  );
}

const inputTypes: Record<string, string> = { url: 'url', email: 'email' };

export function TextControl({ setting, value, onChange, id, describedBy, invalid }: ControlProps) {
  const mono = setting.type === 'regex';
  return (
    <input
      id={id}
      className={`input${mono ? ' mono' : ''}`}
      type={inputTypes[setting.type] ?? 'text'}
      value={String(value ?? '')}
      spellCheck={mono ? false : undefined}
      autoComplete="off"
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function TextAreaControl({ value, onChange, id, describedBy, invalid }: ControlProps) {
  return (
    <textarea
      id={id}
      className="input textarea"
      rows={3}
      value={String(value ?? '')}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function EnumControl({ setting, value, onChange, id, describedBy, invalid }: ControlProps) {
  const values = setting.values ?? [];
  const current = String(value ?? '');
  return (
    <select
      id={id}
      className="input select"
      value={current}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value)}
    >
      {!values.includes(current) && <option value={current}>{current || t('(none)')}</option>}
      {values.map((v) => (
        <option key={v} value={v}>
          {t(optionLabel(v))}
        </option>
      ))}
    </select>
  );
}

/** A list whose items come from a fixed set: one checkbox each, in the catalog's order. */
export function ChoiceListControl({ setting, value, onChange, id, describedBy }: ControlProps) {
  const selected = Array.isArray(value) ? (value as string[]) : [];
  const values = setting.values ?? [];
  return (
    <div
      id={id}
      className="choice-list"
      role="group"
      aria-labelledby={`${id}-label`}
      aria-describedby={describedBy}
      tabIndex={-1}
    >
      {values.map((v) => (
        <label key={v} className="choice">
          <input
            type="checkbox"
            checked={selected.includes(v)}
            onChange={(e) => {
              const next = e.target.checked ? [...selected, v] : selected.filter((x) => x !== v);
              onChange(values.filter((x) => next.includes(x)));
            }}
          />
          {t(optionLabel(v))}
        </label>
      ))}
    </div>
  );
}

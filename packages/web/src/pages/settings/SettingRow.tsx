import type { SettingView } from '@parley/shared';
import { memo } from 'react';
import { Badge } from '../../components/Badge';
import { t, useLanguage } from '../../i18n';
import { controlFor, isGroupControl } from './controls';
import { sameValue } from './draft';

export function controlId(key: string): string {
  return `setting-${key}`;
}

interface Props {
  setting: SettingView;
  value: unknown;
  edited: boolean;
  error: string | undefined;
  onChange: (setting: SettingView, value: unknown) => void;
}

/** One setting: its label, badges and description on the left, its control and error on the right. */
export const SettingRow = memo(function SettingRow({ setting, value, edited, error, onChange }: Props) {
  useLanguage(); // memo: re-render on a change of language
  const id = controlId(setting.key);
  const Control = controlFor(setting);
  const describedBy = [`${id}-description`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const canReset = setting.type !== 'secret' && !sameValue(value, setting.default);
  const LabelTag = isGroupControl(setting) ? 'span' : 'label';
  return (
    <div className={`setting${edited ? ' is-edited' : ''}${error ? ' has-error' : ''}`} data-setting={setting.key}>
      <div className="setting-meta">
        <div className="setting-title">
          <LabelTag className="setting-label" id={`${id}-label`} {...(LabelTag === 'label' ? { htmlFor: id } : {})}>
            {t(setting.label)}
          </LabelTag>
          {!setting.enforced && (
            <Badge tone="warning" title={t('Saved, but no part of Parley acts on this setting yet.')}>
              {t('Not enforced yet')}
            </Badge>
          )}
          {setting.public && (
            <Badge title={t('Readable without signing in (the chat widget uses it).')}>{t('Public')}</Badge>
          )}
          {edited && <Badge tone="accent">{t('Unsaved')}</Badge>}
        </div>
        <p className="setting-description" id={`${id}-description`}>
          {t(setting.description)}
        </p>
        <code className="setting-key">{setting.key}</code>
      </div>
      <div className="setting-control">
        <Control
          setting={setting}
          value={value}
          onChange={(v) => onChange(setting, v)}
          id={id}
          describedBy={describedBy}
          invalid={!!error}
          edited={edited}
        />
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
        {canReset && (
          <button type="button" className="link-button" onClick={() => onChange(setting, setting.default)}>
            {t('Reset to default')}
            <span className="visually-hidden"> ({t(setting.label)})</span>
          </button>
        )}
      </div>
    </div>
  );
});

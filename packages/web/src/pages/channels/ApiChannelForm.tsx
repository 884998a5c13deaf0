import { TextField } from '../../components/Field';
import type { TypeFormProps } from './typeForms';
import { t } from '../../i18n';

/** The API channel's own field: where agent replies are POSTed (signed with the channel's secret). */
export function ApiChannelForm({ value, onChange, errors }: TypeFormProps) {
  const url = typeof value.callbackUrl === 'string' ? value.callbackUrl : '';
  return (
    <TextField
      id="channel-callback-url"
      label={t('Callback URL')}
      hint={t(
        "Agent replies and the conversation's close are POSTed here as JSON, signed with the channel's secret (X-Parley-Signature). Leave empty to only read conversations through the API.",
      )}
      type="url"
      value={url}
      onChange={(v) => onChange({ ...value, callbackUrl: v.trim() === '' ? null : v })}
      error={errors.callbackUrl}
      placeholder="https://sms-gateway.example.com/parley"
      autoComplete="off"
    />
  );
}

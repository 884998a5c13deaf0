import type { AlertPreferences } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { useStore } from '../../lib/store';
import { askNotificationPermission, notificationState, type NotificationState } from '../../workspace/alerts';
import { useOmni } from '../../workspace/OmniProvider';
import type { Workspace } from '../../workspace/workspace';
import { t } from '../../i18n';

/** The on/off preferences (the language is chosen in its own section). */
type AlertToggle = Exclude<keyof AlertPreferences, 'language'>;

const how: Array<{ key: AlertToggle; label: string; description: string }> = [
  { key: 'sound', label: 'Play a sound', description: 'A chime on every page of Parley.' },
  {
    key: 'desktop',
    label: 'Show desktop notifications',
    description: 'When Parley is not the window in front of you.',
  },
];
const which: Array<{ key: AlertToggle; label: string; description: string }> = [
  { key: 'newChat', label: 'New chats', description: 'A chat given to you, or new in the queue.' },
  { key: 'newMessage', label: 'New messages', description: "A visitor's message in one of your chats." },
  { key: 'mention', label: 'Mentions', description: 'A colleague mentions you in an internal note.' },
];

/** My own alerts (kept on the server for my account): sound, desktop notifications, which events. */
export function AlertsSection() {
  const omni = useOmni();
  if (!omni) return null;
  return <Alerts workspace={omni.workspace} />;
}

function Alerts({ workspace }: { workspace: Workspace }) {
  const prefs = useStore(workspace.alertPrefs);
  const [error, setError] = useState<string>();
  const [permission, setPermission] = useState<NotificationState>(notificationState);
  const change = (key: AlertToggle, on: boolean) => {
    setError(undefined);
    workspace.setAlertPrefs({ [key]: on }).catch((err: unknown) => setError(errorMessage(err)));
  };
  const box = (o: (typeof how)[number]) => (
    <label key={o.key} className="choice choice-described">
      <input type="checkbox" checked={prefs[o.key]} onChange={(e) => change(o.key, e.target.checked)} />
      <span>
        <span className="choice-title">{t(o.label)}</span>
        <span className="choice-description">{t(o.description)}</span>
      </span>
    </label>
  );
  return (
    <section className="card form-card" aria-labelledby="my-alerts-heading">
      <h2 id="my-alerts-heading">{t('Alerts')}</h2>
      {error && (
        <Alert tone="error" title={t('Not saved')}>
          {error}
        </Alert>
      )}
      <fieldset className="field">
        <legend className="field-label">{t('How')}</legend>
        {how.map(box)}
      </fieldset>
      {prefs.desktop && permission === 'default' && (
        <p>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => void askNotificationPermission().then(setPermission)}
          >
            {t('Allow notifications in this browser')}
          </button>
        </p>
      )}
      {prefs.desktop && permission === 'denied' && (
        <p className="muted">{t("This browser blocks Parley's notifications: allow them in its site settings.")}</p>
      )}
      <fieldset className="field">
        <legend className="field-label">{t('For')}</legend>
        {which.map(box)}
      </fieldset>
    </section>
  );
}

import type { SettingView } from '@parley/shared';
import { allowed, useSession } from '../../lib/session';
import { CRM_ID } from './model';
import { SendTest } from './SendTest';
import { t } from '../../i18n';

/**
 * "Send test" in the CRM Integration settings (admins: the API is theirs). It posts to the SAVED URL
 * and secret, which the note says while the group has unsaved changes.
 */
export function CrmSendTest({ settings, unsaved }: { settings: readonly SettingView[]; unsaved: readonly string[] }) {
  const { user } = useSession();
  if (!allowed(user, ['admin'])) return null;
  const url = settings.find((s) => s.key === 'crm.webhookUrl')?.value;
  const edited = unsaved.some((k) => k.startsWith('crm.'));
  const note = edited
    ? url
      ? t('You have unsaved changes here: the test uses the saved URL and secret. Save first to test them.')
      : t(
          'You have unsaved changes here: the test uses the saved URL and secret (no URL is saved yet). Save first to test them.',
        )
    : url
      ? t('Posts a sample closed chat (a LivechatSession body) to the saved Webhook URL and shows the answer.')
      : t('Set the Webhook URL and save it first.');
  return (
    <div className="group-action">
      <h3 className="subheading">{t('Test the webhook')}</h3>
      <SendTest endpointId={CRM_ID} target={t('The CRM endpoint')} disabled={!url} note={note} />
    </div>
  );
}

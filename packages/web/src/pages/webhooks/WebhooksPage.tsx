import type { SettingView } from '@parley/shared';
import { api } from '../../api/client';
import { webhooksApi } from '../../api/webhooks';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { DeliveryLog } from './DeliveryLog';
import { EndpointsSection } from './EndpointsSection';
import { t } from '../../i18n';

/**
 * Webhooks (admins): where events go (the CRM endpoint of the settings and further endpoints) and what
 * happened to each delivery. Bodies, answers, names and URLs are shown as text.
 */
export function WebhooksPage() {
  const settings = useAsync(() => api.get<{ settings: SettingView[] }>('/api/v1/settings'), []);
  const endpoints = useAsync(() => webhooksApi.endpoints(), []);
  return (
    <>
      <PageHeader
        title={t('Webhooks')}
        description={t(
          'What Parley posts to other systems when something happens in a conversation, and the answer to every attempt. Failed requests are retried 10 times, 10 s apart.',
        )}
      />
      <EndpointsSection
        settings={settings.data?.settings}
        endpoints={endpoints.data?.items}
        loading={endpoints.loading}
        error={endpoints.error}
        reload={endpoints.reload}
      />
      <DeliveryLog endpoints={endpoints.data?.items ?? []} />
    </>
  );
}

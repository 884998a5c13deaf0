import { PageHeader } from '../../components/PageHeader';
import { Link } from '../../lib/router';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';
import { PrioritiesList } from './PrioritiesList';
import { SlaPoliciesList } from './SlaPoliciesList';

/** Priorities and SLA policies: how the queue is ordered when `queue.sorting` says so. */
export function PrioritiesPage() {
  return (
    <>
      <PageHeader
        title={t('Priorities and SLA policies')}
        description={
          <>
            {tx(
              'Agents set them on a conversation; the queue follows them when {setting} is set to priorities or SLA policies in the {settings}.',
              {
                setting: <em>{t('Sorting Mechanism')}</em>,
                settings: <Link to="/admin/settings?q=sorting">{t('settings')}</Link>,
              },
            )}
          </>
        }
      />
      <div className="stack">
        <PrioritiesList />
        <SlaPoliciesList />
      </div>
    </>
  );
}

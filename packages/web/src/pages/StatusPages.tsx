import { Link } from '../lib/router';
import { PageHeader } from '../components/PageHeader';
import { t } from '../i18n';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title={t('Page not found')} description={t('There is no page at this address.')} />
      <p>
        <Link to="/">{t('Go to the start page')}</Link>
      </p>
    </>
  );
}

export function ForbiddenPage() {
  return (
    <>
      <PageHeader title={t('Not allowed')} description={t('Your role does not give access to this page.')} />
      <p>
        <Link to="/">{t('Go to the start page')}</Link>
      </p>
    </>
  );
}

/** An omnichannel view while `omnichannel.enabled` is off: no queue, no chats to take. */
export function OmnichannelOffPage({ admin }: { admin: boolean }) {
  return (
    <>
      <PageHeader
        title={t('Omnichannel is turned off')}
        description={t('No new conversations reach Parley and the chat views are hidden until it is turned on again.')}
      />
      {admin && (
        <p>
          <Link to="/admin/settings#group-general">{t('Turn it on in Settings')}</Link>
        </p>
      )}
    </>
  );
}

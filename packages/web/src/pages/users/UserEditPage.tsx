import type { UserView } from '@parley/shared';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { Link, type PageProps } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { clearFlash, peekFlash } from '../../components/flash';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { PasswordSection, ProfileSection, StatusSection } from './UserEditSections';
import { usersApi } from './users.api';
import { t } from '../../i18n';

export function UserEditPage({ params }: PageProps) {
  const id = params.id ?? '';
  const loaded = useAsync(() => usersApi.get(id), [id]);
  const [notice] = useState(peekFlash);
  useEffect(() => clearFlash(), []);
  const user = loaded.data;
  const updated = (u: UserView) => loaded.setData(u);
  return (
    <>
      <PageHeader
        title={user ? user.name : t('Edit user')}
        description={
          <>
            <Link to="/admin/users">{t('Back to users')}</Link>
            {' · '}
            <Link to={`/admin/audit?targetId=${encodeURIComponent(id)}`}>{t('Audit history')}</Link>
            {user?.roles.includes('agent') && (
              <>
                {' · '}
                <Link to={`/admin/agents?q=${encodeURIComponent(user.email)}`}>{t('Capacity and availability')}</Link>
              </>
            )}
          </>
        }
      />
      <div className="narrow">
        {notice && <Alert tone="success" title={notice} />}
        {loaded.loading && !user && <Loading />}
        {loaded.error !== undefined && (
          <Alert tone="error" title={t('The user could not be loaded.')}>
            {errorMessage(loaded.error)}
          </Alert>
        )}
        {user && (
          <div className="stack">
            <ProfileSection user={user} onSaved={updated} />
            <StatusSection user={user} onSaved={updated} />
            <PasswordSection user={user} />
          </div>
        )}
      </div>
    </>
  );
}

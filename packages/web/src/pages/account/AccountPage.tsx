import { roleLabel } from '../../lib/roles';
import { useSession } from '../../lib/session';
import { PageHeader } from '../../components/PageHeader';
import { AccessTokens } from './AccessTokens';
import { AlertsSection } from './AlertsSection';
import { PasswordSection } from './PasswordSection';
import { LanguagePicker } from '../../i18n/LanguagePicker';
import { t } from '../../i18n';

export function AccountPage() {
  const { user } = useSession();
  return (
    <>
      <PageHeader title={t('My account')} />
      <div className="stack narrow">
        <section className="card form-card" aria-labelledby="me-heading">
          <h2 id="me-heading">{t('Profile')}</h2>
          <dl className="details">
            <div>
              <dt>{t('Name')}</dt>
              <dd>{user.name}</dd>
            </div>
            <div>
              <dt>{t('Email')}</dt>
              <dd>{user.email}</dd>
            </div>
            <div>
              <dt>{t('Username')}</dt>
              <dd>{user.username}</dd>
            </div>
            <div>
              <dt>{t('Roles')}</dt>
              <dd>{user.roles.map(roleLabel).join(', ')}</dd>
            </div>
          </dl>
        </section>
        <section className="card form-card" aria-labelledby="language-heading">
          <h2 id="language-heading">{t('Language')}</h2>
          <p className="muted">
            {t('Parley is shown in this language, with its dates and numbers, wherever you sign in.')}
          </p>
          <LanguagePicker signedIn />
        </section>
        <AlertsSection />
        <PasswordSection />
        <AccessTokens />
      </div>
    </>
  );
}

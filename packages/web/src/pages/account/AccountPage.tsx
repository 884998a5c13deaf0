import { roleLabel } from '../../lib/roles';
import { useSession } from '../../lib/session';
import { PageHeader } from '../../components/PageHeader';
import { AccessTokens } from './AccessTokens';
import { AlertsSection } from './AlertsSection';
import { PasswordSection } from './PasswordSection';

export function AccountPage() {
  const { user } = useSession();
  return (
    <>
      <PageHeader title="My account" />
      <div className="stack narrow">
        <section className="card form-card" aria-labelledby="me-heading">
          <h2 id="me-heading">Profile</h2>
          <dl className="details">
            <div>
              <dt>Name</dt>
              <dd>{user.name}</dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd>{user.email}</dd>
            </div>
            <div>
              <dt>Username</dt>
              <dd>{user.username}</dd>
            </div>
            <div>
              <dt>Roles</dt>
              <dd>{user.roles.map(roleLabel).join(', ')}</dd>
            </div>
          </dl>
        </section>
        <AlertsSection />
        <PasswordSection />
        <AccessTokens />
      </div>
    </>
  );
}

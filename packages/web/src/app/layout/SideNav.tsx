import { Link, useLocation } from '../../lib/router';
import { navSections, routes } from '../routes';
import { allowed, useSession } from '../../lib/session';
import { useWorkspaceSettings } from '../../workspace/OmniProvider';
import { t } from '../../i18n';

/** The pages this user's roles allow, by section (the routes table decides both). */
export function SideNav() {
  const { user } = useSession();
  const { pathname } = useLocation();
  // With omnichannel off, its views leave the navigation (settings and records stay).
  const omnichannelOff = useWorkspaceSettings()?.['omnichannel.enabled'] === false;
  const visible = routes.filter((r) => r.nav && allowed(user, r.roles) && !(omnichannelOff && r.omnichannel));
  return (
    <nav className="sidenav" id="main-nav" aria-label={t('Main')}>
      {navSections.map((section) => {
        const items = visible.filter((r) => r.nav?.section === section);
        if (items.length === 0) return null;
        return (
          <div className="nav-section" key={section}>
            <h2 className="nav-heading" id={`nav-${section}`}>
              {t(section)}
            </h2>
            <ul aria-labelledby={`nav-${section}`}>
              {items.map((r) => {
                const current = pathname === r.path || pathname.startsWith(`${r.path}/`);
                const Count = r.nav!.count;
                return (
                  <li key={r.path}>
                    <Link to={r.path} className="nav-link" aria-current={current ? 'page' : undefined}>
                      {t(r.nav!.label)}
                      {Count && <Count />}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
      <div className="nav-section nav-footer">
        <a className="nav-link" href="/api/docs" target="_blank" rel="noopener">
          {t('API documentation')}
          <span className="visually-hidden"> {t('(opens in a new tab)')}</span>
        </a>
      </div>
    </nav>
  );
}

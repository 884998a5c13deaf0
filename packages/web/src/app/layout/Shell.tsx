import { useEffect, type ReactNode } from 'react';
import { useLocation } from '../../lib/router';
import { useStore } from '../../lib/store';
import { navMenu } from './navMenu';
import { SideNav } from './SideNav';
import { TopBar } from './TopBar';
import { Shortcuts } from '../../workspace/Shortcuts';
import { t } from '../../i18n';

/** The signed-in frame: top bar, role-aware navigation, and the page. */
export function Shell({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  // Phones: the folded navigation closes once a page is chosen, and with Escape.
  const navOpen = useStore(navMenu);
  const { pathname } = useLocation();
  useEffect(() => navMenu.set(false), [pathname]);
  useEffect(() => {
    if (!navOpen) return;
    const esc = (e: KeyboardEvent) => {
      if (e.key === 'Escape') navMenu.set(false);
    };
    addEventListener('keydown', esc);
    return () => removeEventListener('keydown', esc);
  }, [navOpen]);
  return (
    <div className={navOpen ? 'shell nav-open' : 'shell'}>
      <a className="skip-link" href="#main">
        {t('Skip to content')}
      </a>
      <TopBar />
      <div className="shell-body">
        <SideNav />
        <main id="main" className={wide ? 'main main-wide' : 'main'} tabIndex={-1}>
          {children}
        </main>
      </div>
      <Shortcuts />
    </div>
  );
}

import type { ReactNode } from 'react';
import { SideNav } from './SideNav';
import { TopBar } from './TopBar';
import { Shortcuts } from '../../workspace/Shortcuts';

/** The signed-in frame: top bar, role-aware navigation, and the page. */
export function Shell({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
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

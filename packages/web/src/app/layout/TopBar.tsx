import { useState } from 'react';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { AgentStatus } from './AgentStatus';
import { MentionsBell } from './MentionsBell';
import { ThemeToggle } from './ThemeToggle';
import { MenuButton } from './MenuButton';
import { t } from '../../i18n';

export function TopBar() {
  const { user, signOut } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  return (
    <header className="topbar">
      <Link to="/" className="brand" aria-label={t('Parley, start page')}>
        <span className="brand-mark" aria-hidden="true">
          P
        </span>
        <span className="brand-name">Parley</span>
      </Link>
      <MenuButton />
      <AgentStatus />
      <div className="topbar-user">
        <MentionsBell />
        <ThemeToggle />
        <span className="avatar" aria-hidden="true">
          {initials(user.name)}
        </span>
        <span className="topbar-identity" data-testid="signed-in-user">
          <span className="topbar-name">{user.name}</span>
          <span className="topbar-email">{user.email}</span>
        </span>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          disabled={signingOut}
          onClick={() => {
            setSigningOut(true);
            void signOut();
          }}
        >
          {t('Sign out')}
        </button>
      </div>
    </header>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

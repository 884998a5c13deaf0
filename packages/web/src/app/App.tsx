import type { UserView } from '@parley/shared';
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, errorMessage, setUnauthenticatedHandler } from '../api/client';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { Shell } from './layout/Shell';
import { InvitePage } from '../pages/auth/InvitePage';
import { SetupPage } from '../pages/auth/SetupPage';
import { SignInPage } from '../pages/auth/SignInPage';
import { OmniProvider, usesRealtime, useWorkspaceSettings } from '../workspace/OmniProvider';
import { ForbiddenPage, NotFoundPage, OmnichannelOffPage } from '../pages/StatusPages';
import { navigate, useLocation } from '../lib/router';
import { findRoute, homePath } from './routes';
import { allowed, SessionContext, type Session } from '../lib/session';
import { isLanguage, switchLanguage, t, useLanguage } from '../i18n';
import { preferencesApi } from '../api/preferences';

type SessionState =
  { status: 'loading' } | { status: 'failed'; error: unknown } | { status: 'ready'; user: UserView | null };

/** Only same-site paths are followed after signing in (no `//evil.example`). */
function safeNext(next: string | null): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : undefined;
}

export function App() {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { pathname, search } = useLocation();

  const loadSession = useCallback(() => {
    setState({ status: 'loading' });
    api.get<{ user: UserView }>('/api/v1/auth/me').then(
      (r) => setState({ status: 'ready', user: r.user }),
      (error: unknown) =>
        setState(
          error instanceof ApiError && error.status === 401
            ? { status: 'ready', user: null }
            : { status: 'failed', error },
        ),
    );
  }, []);

  useEffect(() => {
    loadSession();
    setUnauthenticatedHandler(() => setState({ status: 'ready', user: null }));
    return () => setUnauthenticatedHandler(undefined);
  }, [loadSession]);

  const user = state.status === 'ready' ? state.user : undefined;
  // Every page re-renders in a newly chosen language (no reload).
  useLanguage();

  // Signed in: the language kept on the server for this user (it follows them to other browsers).
  const userId = user?.id;
  useEffect(() => {
    if (!userId) return;
    let live = true;
    preferencesApi.alerts().then(
      (p) => {
        if (live && isLanguage(p.language)) void switchLanguage(p.language).catch(() => undefined);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [userId]);

  // Keep the URL meaningful: signed-out users are sent to /sign-in (remembering where they were going),
  // signed-in users away from the sign-in and setup pages.
  useEffect(() => {
    if (state.status !== 'ready') return;
    const publicPage = pathname === '/sign-in' || pathname === '/setup' || pathname === '/invite';
    if (!user && !publicPage) {
      const here = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
      navigate(`/sign-in${here}`, { replace: true, force: true });
    } else if (user && (publicPage || pathname === '/')) {
      const next = publicPage ? safeNext(new URLSearchParams(search).get('next')) : undefined;
      navigate(next ?? homePath(user.roles), { replace: true, force: true });
    }
  }, [state.status, user, pathname, search]);

  const signedIn = useCallback((u: UserView) => setState({ status: 'ready', user: u }), []);

  const session = useMemo<Session | undefined>(
    () =>
      user
        ? {
            user,
            setUser: signedIn,
            signOut: async () => {
              await api.post('/api/v1/auth/sign-out').catch(() => undefined);
              setState({ status: 'ready', user: null });
              navigate('/sign-in', { replace: true, force: true });
            },
          }
        : undefined,
    [user, signedIn],
  );

  if (state.status === 'loading') return <Loading label={t('Starting Parley…')} />;
  if (state.status === 'failed') {
    return (
      <main className="auth-page">
        <div className="auth-card">
          <Alert tone="error" title={t('Parley is not reachable')}>
            {errorMessage(state.error)}
          </Alert>
          <button type="button" className="btn btn-primary" onClick={loadSession}>
            {t('Try again')}
          </button>
        </div>
      </main>
    );
  }
  if (!session) {
    if (pathname === '/setup') return <SetupPage onSignedIn={signedIn} />;
    if (pathname === '/sign-in') return <SignInPage onSignedIn={signedIn} />;
    if (pathname === '/invite') return <InvitePage onSignedIn={signedIn} />;
    return null; // redirecting to /sign-in
  }
  const match = findRoute(pathname);
  const shell = (
    <Shell wide={match?.route.layout === 'wide'}>
      <CurrentPage pathname={pathname} user={session.user} />
    </Shell>
  );
  return (
    <SessionContext.Provider value={session}>
      {usesRealtime(session.user) ? <OmniProvider user={session.user}>{shell}</OmniProvider> : shell}
    </SessionContext.Provider>
  );
}

function CurrentPage({ pathname, user }: { pathname: string; user: UserView }) {
  if (pathname === '/' || pathname === '/sign-in' || pathname === '/setup' || pathname === '/invite') return null; // redirecting
  const match = findRoute(pathname);
  if (!match) return <NotFoundPage />;
  if (!allowed(user, match.route.roles)) return <ForbiddenPage />;
  if (match.route.omnichannel) return <OmnichannelPage match={match} user={user} pathname={pathname} />;
  const Page = match.route.page;
  return (
    <Suspense fallback={<Loading />}>
      <Page key={match.route.group ?? pathname} params={match.params} />
    </Suspense>
  );
}

/** An omnichannel view: the page, unless omnichannel is turned off (then a page saying so). */
function OmnichannelPage(props: {
  match: NonNullable<ReturnType<typeof findRoute>>;
  user: UserView;
  pathname: string;
}) {
  const off = useWorkspaceSettings()?.['omnichannel.enabled'] === false;
  if (off) return <OmnichannelOffPage admin={allowed(props.user, ['admin', 'manager'])} />;
  const Page = props.match.route.page;
  return (
    <Suspense fallback={<Loading />}>
      <Page key={props.match.route.group ?? props.pathname} params={props.match.params} />
    </Suspense>
  );
}

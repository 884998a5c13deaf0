import { useEffect, type ReactNode } from 'react';
import { LanguagePicker } from '../../i18n/LanguagePicker';

/** The centered card of the signed-out pages. */
export function AuthLayout({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Parley`;
  }, [title]);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <p className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          Parley
        </p>
        <h1>{title}</h1>
        {intro && <div className="auth-intro">{intro}</div>}
        {children}
        <div className="auth-language">
          <LanguagePicker signedIn={false} id="auth-language" />
        </div>
      </div>
    </main>
  );
}

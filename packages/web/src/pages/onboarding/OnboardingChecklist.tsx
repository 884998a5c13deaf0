import type { Onboarding, OnboardingItemId } from '@parley/shared';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { t } from '../../i18n';
import { Link } from '../../lib/router';
import './onboarding.css';

/**
 * Each step: what to do, and where it is done (in English, translated where shown). The server says which
 * are done (from real data).
 */
const steps: Record<OnboardingItemId, { label: string; to: string; how: string }> = {
  'invite-agents': {
    label: 'Invite your agents',
    to: '/admin/users/invite',
    how: 'They get an email link to choose their own password.',
  },
  'create-department': {
    label: 'Create a department',
    to: '/admin/departments/new',
    how: 'Departments route chats to the right team.',
  },
  'set-up-email': {
    label: 'Set up email',
    to: '/admin/settings?q=email.smtp',
    how: 'For invitations, transcripts and offline messages.',
  },
  'install-widget': {
    label: 'Put the widget on your site',
    to: '/admin/widget',
    how: 'Ticks when the widget reports a page from a site other than Parley’s own.',
  },
  'test-chat': {
    label: 'Take a test chat',
    to: '/workspace',
    how: 'Start a chat from your site’s widget, answer it here, and close it.',
  },
};

/** The admins' first steps after setup (issue 19 item 3), on their start page until dismissed. */
export function OnboardingChecklist() {
  const [state, setState] = useState<Onboarding>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let current = true;
    api.get<Onboarding>('/api/v1/onboarding').then(
      (o) => current && setState(o),
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, []);

  const setDismissed = async (dismissed: boolean) => {
    try {
      setState(await api.put<Onboarding>('/api/v1/onboarding/dismissed', { dismissed }));
    } catch (e) {
      setError(e);
    }
  };

  if (error !== undefined) {
    return (
      <Alert tone="error" title={t('The first-steps checklist could not be loaded.')}>
        {errorMessage(error)}
      </Alert>
    );
  }
  if (!state || state.dismissed) return null;
  const left = state.items.filter((i) => !i.done).length;
  return (
    <section className="card onboarding" aria-labelledby="onboarding-heading">
      <div className="onboarding-head">
        <h2 id="onboarding-heading">
          {t('Get started')}{' '}
          <span className="onboarding-count">
            {left === 0 ? t('all done') : t('{count, plural, one {# to go} other {# to go}}', { count: left })}
          </span>
        </h2>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => void setDismissed(true)}>
          {t('Dismiss')}
        </button>
      </div>
      <ul className="onboarding-items">
        {state.items.map((item) => {
          const step = steps[item.id];
          return (
            <li key={item.id} data-step={item.id} data-done={item.done} className={item.done ? 'is-done' : undefined}>
              <span className="onboarding-tick" aria-hidden="true">
                {item.done ? '✓' : '○'}
              </span>
              <span>
                <Link to={step.to}>{t(step.label)}</Link>
                <span className="visually-hidden">{` ${item.done ? t('(done)') : t('(to do)')}`}</span>
                <span className="cell-sub">{t(step.how)}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

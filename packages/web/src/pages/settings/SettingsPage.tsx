import type { SettingView } from '@parley/shared';
import { useEffect, useMemo, type FormEvent } from 'react';
import { api, errorMessage } from '../../api/client';
import { setNavigationGuard, setQuery, useQuery } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { useSession } from '../../lib/session';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';
import { OnboardingChecklist } from '../onboarding/OnboardingChecklist';
import { currentValue } from './draft';
import { GroupAction } from './groupActions';
import { groupSettings, groupSlug } from './groups';
import { SaveBar } from './SaveBar';
import { controlId, SettingRow } from './SettingRow';
import { useSettingsForm } from './useSettingsForm';

export function SettingsPage() {
  const loaded = useAsync(() => api.get<{ settings: SettingView[] }>('/api/v1/settings'), []);
  // Admins land here: their first-steps checklist comes first until they dismiss it.
  const isAdmin = useSession().user.roles.includes('admin');
  return (
    <>
      <PageHeader
        title={t('Settings')}
        description={tx(
          'Omnichannel behaviour, grouped as in the admin guide. Settings marked {notEnforced} are saved but no part of Parley acts on them yet.',
          { notEnforced: <em>{t('Not enforced yet')}</em> },
        )}
      />
      {isAdmin && <OnboardingChecklist />}
      {loaded.loading && <Loading />}
      {loaded.error !== undefined && (
        <Alert tone="error" title={t('The settings could not be loaded.')}>
          {errorMessage(loaded.error)}
        </Alert>
      )}
      {loaded.data && <SettingsForm initial={loaded.data.settings} />}
    </>
  );
}

function matches(s: SettingView, filter: string): boolean {
  const f = filter.toLowerCase();
  // The English texts and the shown (translated) ones both match.
  return [s.label, t(s.label), s.key, s.description, t(s.description)].some((text) => text.toLowerCase().includes(f));
}

function SettingsForm({ initial }: { initial: SettingView[] }) {
  const form = useSettingsForm(initial);
  const rawFilter = useQuery().get('q') ?? '';
  const filter = rawFilter.trim();
  const changes = Object.keys(form.draft).length;

  // Edited and invalid settings stay visible whatever the filter, so nothing unsaved is hidden.
  const groups = useMemo(() => {
    const visible = form.settings.filter(
      (s) => !filter || matches(s, filter) || s.key in form.draft || s.key in form.errors,
    );
    return groupSettings(visible);
  }, [form.settings, form.draft, form.errors, filter]);

  useEffect(() => {
    if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, []);

  // Unsaved changes: ask before leaving the page, in the app or the browser.
  useEffect(() => {
    if (changes === 0) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    const unguard = setNavigationGuard(() =>
      window.confirm(t('Leave the settings? Your unsaved changes will be lost.')),
    );
    return () => {
      window.removeEventListener('beforeunload', warn);
      unguard();
    };
  }, [changes]);

  // After a rejected save, take the keyboard to the first setting to fix.
  useEffect(() => {
    if (form.outcome?.kind !== 'rejected') return;
    const first = form.settings.find((s) => s.key in form.errors);
    const el = first && document.getElementById(controlId(first.key));
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  }, [form.outcome, form.errors, form.settings]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.save();
  };

  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-label={t('Settings')}>
      <div className="settings-toolbar">
        <label className="field-label" htmlFor="settings-filter">
          {t('Filter settings')}
        </label>
        <input
          id="settings-filter"
          className="input"
          type="search"
          placeholder={t('Name, key or description')}
          value={rawFilter}
          onChange={(e) => setQuery({ q: e.target.value }, { replace: true })}
          onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
        />
      </div>
      <div className="settings-layout">
        <nav className="settings-index" aria-label={t('Setting groups')}>
          <ul>
            {groups.map(({ group }) => (
              <li key={group}>
                <a href={`#group-${groupSlug(group)}`}>{t(group)}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-groups">
          {groups.length === 0 && <p className="empty">{t('No setting matches “{filter}”.', { filter })}</p>}
          {groups.map(({ group, settings }) => (
            <section
              key={group}
              id={`group-${groupSlug(group)}`}
              className="card settings-group"
              aria-labelledby={`group-${groupSlug(group)}-heading`}
            >
              <h2 id={`group-${groupSlug(group)}-heading`}>{t(group)}</h2>
              {settings.map((s) => (
                <SettingRow
                  key={s.key}
                  setting={s}
                  value={currentValue(s, form.draft)}
                  edited={s.key in form.draft}
                  error={form.errors[s.key]}
                  onChange={form.change}
                />
              ))}
              <GroupAction group={group} settings={form.settings} unsaved={Object.keys(form.draft)} />
            </section>
          ))}
        </div>
      </div>
      <SaveBar
        changes={changes}
        saving={form.saving}
        outcome={form.outcome}
        onDiscard={form.discard}
        onDismiss={form.dismissOutcome}
      />
    </form>
  );
}

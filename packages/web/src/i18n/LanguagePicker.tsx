import './language.css';
import { useState } from 'react';
import { preferencesApi } from '../api/preferences';
import { errorMessage } from '../api/client';
import { Alert } from '../components/Alert';
import {
  browserLanguage,
  LANGUAGE_NAMES,
  LANGUAGES,
  switchLanguage,
  t,
  useLanguageChoice,
  type StaffLanguage,
} from '.';

/**
 * Chooses the app's language: kept in this browser, and (`signedIn`) on the server for this user so it
 * follows them. The page re-renders in the new language at once. "Same as the browser" forgets the choice.
 */
export function LanguagePicker({ signedIn, id = 'language' }: { signedIn: boolean; id?: string }) {
  const choice = useLanguageChoice();
  const [error, setError] = useState<string>();
  const change = async (value: string) => {
    const next = (LANGUAGES as readonly string[]).includes(value) ? (value as StaffLanguage) : null;
    setError(undefined);
    try {
      await switchLanguage(next);
      if (signedIn) await preferencesApi.setAlerts({ language: next });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <div className="field language-picker">
      <label className="field-label" htmlFor={id}>
        {t('Language')}
      </label>
      <select id={id} className="input" value={choice ?? ''} onChange={(e) => void change(e.target.value)}>
        <option value="">
          {t('Same as the browser ({language})', { language: LANGUAGE_NAMES[browserLanguage()] })}
        </option>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
      {error && (
        <Alert tone="error" title={t('Not saved')}>
          {error}
        </Alert>
      )}
    </div>
  );
}

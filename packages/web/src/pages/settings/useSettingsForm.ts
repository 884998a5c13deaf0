import type { SettingsPatch, SettingView } from '@parley/shared';
import { useCallback, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { leftAfterSave, localProblems, serverProblems, withEdit, type Draft } from './draft';

export type SaveOutcome =
  { kind: 'saved'; labels: string[] } | { kind: 'rejected'; count: number } | { kind: 'failed'; message: string };

/**
 * The settings form: saved values, unsaved edits and per-setting errors. Saving sends only the edited
 * keys in one PATCH; the server accepts all of them or none.
 */
export function useSettingsForm(initial: SettingView[]) {
  const [settings, setSettings] = useState(initial);
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome>();

  /** Edit a setting; `undefined`, or the saved value again, drops the edit. */
  const change = useCallback((setting: SettingView, value: unknown) => {
    setDraft((d) => withEdit(d, setting, value));
    setErrors((e) => {
      if (!(setting.key in e)) return e;
      const next = { ...e };
      delete next[setting.key];
      return next;
    });
    setOutcome((o) => (o?.kind === 'saved' ? undefined : o));
  }, []);

  const discard = useCallback(() => {
    setDraft({});
    setErrors({});
    setOutcome(undefined);
  }, []);

  const save = useCallback(async (): Promise<SaveOutcome | undefined> => {
    const sent = draft;
    if (Object.keys(sent).length === 0) return undefined;
    const local = localProblems(settings, sent);
    if (Object.keys(local).length > 0) {
      const o: SaveOutcome = { kind: 'rejected', count: Object.keys(local).length };
      setErrors(local);
      setOutcome(o);
      return o;
    }
    setSaving(true);
    try {
      const r = await api.patch<{ changed: string[]; settings: SettingView[] }>(
        '/api/v1/settings',
        sent satisfies SettingsPatch,
      );
      setSettings(r.settings);
      // Edits made while the request was on its way stay unsaved.
      setDraft((d) => leftAfterSave(d, sent));
      setErrors({});
      const labels = Object.keys(sent).map((k) => r.settings.find((s) => s.key === k)?.label ?? k);
      const o: SaveOutcome = { kind: 'saved', labels };
      setOutcome(o);
      return o;
    } catch (err) {
      const problems = serverProblems(err);
      const o: SaveOutcome = problems
        ? { kind: 'rejected', count: Object.keys(problems).length }
        : { kind: 'failed', message: errorMessage(err) };
      if (problems) setErrors(problems);
      setOutcome(o);
      return o;
    } finally {
      setSaving(false);
    }
  }, [settings, draft]);

  return {
    settings,
    draft,
    errors,
    saving,
    outcome,
    change,
    discard,
    save,
    dismissOutcome: () => setOutcome(undefined),
  };
}

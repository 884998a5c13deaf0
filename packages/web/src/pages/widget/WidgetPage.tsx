import type { SettingView } from '@parley/shared';
import { widgetScriptTag, widgetSnippet, type SnippetOptions } from '@parley/widget/snippet';
import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { departmentsApi } from '../../api/omnichannel';
import { Link, setQuery, useQuery } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { currentLanguage, t, useLanguage } from '../../i18n';
import { tx } from '../../i18n/tx';

/** The widget's languages (English names here, translated where shown). */
const languages = [
  ['', "The visitor's browser language"],
  ['en', 'English'],
  ['fr', 'French'],
  ['de', 'German'],
  ['es', 'Spanish'],
] as const;

/**
 * A page of Parley's own origin that embeds the real widget with the chosen options (for the preview).
 * It is a blob: URL, whose origin is Parley's (an about:srcdoc page would tell the loader "null").
 */
function previewDocument(snippet: string): string {
  const text = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html><html lang="${currentLanguage()}"><head><meta charset="utf-8"><title>${text(t('Widget preview'))}</title>
<style>body{margin:0;padding:24px;font:15px/1.5 system-ui,sans-serif;color:#566171;background:#f4f6f9}</style>
${snippet}
</head><body><p>${text(t('Your web site. The chat launcher sits in the corner.'))}</p></body></html>`;
}

/** The snippet to paste into a site, with its options, and the real widget running in a preview. */
export function WidgetPage() {
  const q = useQuery();
  const [department, language, side, name] = [q.get('department'), q.get('language'), q.get('side'), q.get('name')];
  const options: SnippetOptions = useMemo(
    () => ({
      ...(department ? { departmentId: department } : {}),
      ...(language ? { language } : {}),
      ...(side === 'left' ? { side: 'left' as const } : {}),
      ...(name ? { name } : {}),
    }),
    [department, language, side, name],
  );
  const [nameText, setNameText] = useState(q.get('name') ?? '');
  const depts = useAsync(() => departmentsApi.list(), []);
  const settings = useAsync(() => api.get<{ settings: SettingView[] }>('/api/v1/settings'), []);
  const [copied, setCopied] = useState<string>();
  const [reloads, setReloads] = useState(0);
  const validName = !nameText || /^[A-Za-z_$][\w$]*$/.test(nameText);

  const { snippet, tag, error } = useMemo(() => {
    try {
      return {
        snippet: widgetSnippet(location.origin, options),
        tag: widgetScriptTag(location.origin, options),
        error: undefined,
      };
    } catch (err) {
      return { snippet: '', tag: '', error: errorMessage(err) };
    }
  }, [options]);

  const [previewUrl, setPreviewUrl] = useState<string>();
  // The preview page's own words follow the language too.
  const uiLanguage = useLanguage();
  useEffect(() => {
    if (!snippet) return;
    const url = URL.createObjectURL(new Blob([previewDocument(snippet)], { type: 'text/html' }));
    setPreviewUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [snippet, reloads, uiLanguage]);

  const allowed = settings.data?.settings.find((s) => s.key === 'livechat.allowedDomains')?.value as
    string[] | undefined;
  const copy = async (which: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(which);
    } catch {
      setCopied(undefined);
    }
  };

  return (
    <>
      <PageHeader
        title={t('Widget installation')}
        description={
          <>
            {tx(
              'Paste the snippet before {body} on every page of your site. Its look and texts are in the {settings}.',
              {
                body: <code>&lt;/body&gt;</code>,
                settings: <Link to="/admin/settings#group-livechat">{t('Livechat settings')}</Link>,
              },
            )}
          </>
        }
      />
      <div className="widget-layout">
        <div className="stack">
          <section className="card form-card" aria-labelledby="widget-options-heading">
            <h2 id="widget-options-heading">{t('Options')}</h2>
            <div className="two-columns">
              <div className="field">
                <label className="field-label" htmlFor="widget-department">
                  {t('Department')}
                </label>
                <select
                  id="widget-department"
                  className="input select"
                  value={options.departmentId ?? ''}
                  onChange={(e) => setQuery({ department: e.target.value }, { replace: true })}
                >
                  <option value="">{t('Visitors choose (or routing decides)')}</option>
                  {depts.data?.items.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label className="field-label" htmlFor="widget-language">
                  {t('Language')}
                </label>
                <select
                  id="widget-language"
                  className="input select"
                  value={options.language ?? ''}
                  onChange={(e) => setQuery({ language: e.target.value }, { replace: true })}
                >
                  {languages.map(([v, label]) => (
                    <option key={v} value={v}>
                      {t(label)}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset className="field">
                <legend className="field-label">{t('Launcher position')}</legend>
                <div className="choice-row">
                  <label className="choice">
                    <input
                      type="radio"
                      name="widget-side"
                      checked={options.side !== 'left'}
                      onChange={() => setQuery({ side: undefined }, { replace: true })}
                    />
                    <span>{t('Bottom right')}</span>
                  </label>
                  <label className="choice">
                    <input
                      type="radio"
                      name="widget-side"
                      checked={options.side === 'left'}
                      onChange={() => setQuery({ side: 'left' }, { replace: true })}
                    />
                    <span>{t('Bottom left')}</span>
                  </label>
                </div>
              </fieldset>
              <div className={`field${validName ? '' : ' has-error'}`}>
                <label className="field-label" htmlFor="widget-name">
                  {t('JavaScript name')}
                </label>
                <input
                  id="widget-name"
                  className="input mono"
                  placeholder="Parley"
                  value={nameText}
                  aria-invalid={validName ? undefined : true}
                  aria-describedby="widget-name-hint"
                  onChange={(e) => {
                    setNameText(e.target.value);
                    if (!e.target.value || /^[A-Za-z_$][\w$]*$/.test(e.target.value))
                      setQuery({ name: e.target.value }, { replace: true });
                  }}
                />
                <p className={validName ? 'field-hint' : 'field-error'} id="widget-name-hint">
                  {validName
                    ? t(
                        "The global your pages call, e.g. Parley('open'). Change it only to run two Parley servers on one page.",
                      )
                    : t('Use letters, digits, _ or $, not starting with a digit.')}
                </p>
              </div>
            </div>
          </section>

          <section className="card form-card" aria-labelledby="widget-snippet-heading">
            <h2 id="widget-snippet-heading">{t('Snippet')}</h2>
            {error && <Alert tone="error">{error}</Alert>}
            <label className="field-label" htmlFor="widget-snippet">
              {t('Paste before </body>')}
            </label>
            <textarea
              id="widget-snippet"
              className="input mono code-block"
              readOnly
              value={snippet}
              rows={snippet.split('\n').length}
            />
            <div className="form-actions">
              <button type="button" className="btn btn-primary" onClick={() => void copy('snippet', snippet)}>
                {t('Copy snippet')}
              </button>
              {copied === 'snippet' && (
                <span className="saved-note" role="status">
                  {t('Copied to the clipboard.')}
                </span>
              )}
            </div>
            <h3 className="subheading">{t('Without inline script')}</h3>
            <p className="section-intro">{t('For sites whose Content-Security-Policy forbids inline scripts.')}</p>
            <label className="visually-hidden" htmlFor="widget-tag">
              {t('Script tag')}
            </label>
            <textarea id="widget-tag" className="input mono code-block" readOnly value={tag} rows={2} />
            <div className="form-actions">
              <button type="button" className="btn btn-secondary" onClick={() => void copy('tag', tag)}>
                {t('Copy script tag')}
              </button>
              {copied === 'tag' && (
                <span className="saved-note" role="status">
                  {t('Copied to the clipboard.')}
                </span>
              )}
            </div>
          </section>

          <section className="card form-card" aria-labelledby="widget-domains-heading">
            <h2 id="widget-domains-heading">{t('Where it may run')}</h2>
            {settings.error !== undefined ? (
              <p className="muted">{errorMessage(settings.error)}</p>
            ) : allowed === undefined ? (
              <p className="muted">{t('Loading…')}</p>
            ) : allowed.length === 0 ? (
              <p>{t('Any web site may embed the widget.')}</p>
            ) : (
              <p>
                {tx('Only these domains (and their subdomains) may embed it: {domains}.', {
                  domains: <strong>{allowed.join(', ')}</strong>,
                })}
              </p>
            )}
            <p className="section-intro">
              {tx("Change it with {setting}. Parley's own address is always allowed, which is how the preview works.", {
                setting: <Link to="/admin/settings?q=allowed">{t('Livechat Allowed Domains')}</Link>,
              })}
            </p>
          </section>
        </div>

        <section className="card widget-preview" aria-labelledby="widget-preview-heading">
          <div className="section-heading">
            <h2 id="widget-preview-heading">{t('Live preview')}</h2>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setReloads((n) => n + 1)}>
              {t('Reload preview')}
            </button>
          </div>
          <p className="section-intro">
            {t('The real widget with the current settings. A chat started here reaches your agents.')}
          </p>
          {previewUrl && (
            <iframe key={previewUrl} title={t('Widget preview')} className="preview-frame" src={previewUrl} />
          )}
        </section>
      </div>
    </>
  );
}

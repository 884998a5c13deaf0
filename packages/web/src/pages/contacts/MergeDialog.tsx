import type { ContactDetails, ContactMergePreview, ContactSummary } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { contactsApi } from '../../api/contacts';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { t } from '../../i18n';
import { tx } from '../../i18n/tx';

/**
 * "Merge…" on a contact page (issue 16 item 9): find the other contact, see what conflicts, choose for each
 * conflicting field whose value wins (or keep it as a conflict to resolve later), confirm. This contact
 * survives; the other's channels, history, emails and phones join it.
 */
export function MergeDialog(props: {
  contact: ContactDetails;
  onClose: () => void;
  onMerged: (c: ContactDetails) => void;
}) {
  const c = props.contact;
  const [q, setQ] = useState('');
  const [found, setFound] = useState<ContactSummary[]>();
  const [preview, setPreview] = useState<ContactMergePreview>();
  const [choices, setChoices] = useState<Record<string, 'survivor' | 'other' | 'keep'>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const search = async () => {
    setFailure(undefined);
    try {
      const page = await contactsApi.list({ q: q.trim(), limit: 10 });
      setFound(page.items.filter((i) => i.id !== c.id));
    } catch (err) {
      setFailure(errorMessage(err));
    }
  };
  const pick = async (other: ContactSummary) => {
    setFailure(undefined);
    try {
      const p = await contactsApi.mergePreview(c.id, other.id);
      setPreview(p);
      setChoices(Object.fromEntries(p.conflicts.map((x) => [x.field, 'survivor' as const])));
    } catch (err) {
      setFailure(errorMessage(err));
    }
  };
  const merge = async () => {
    if (!preview) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const chosen = Object.fromEntries(
        Object.entries(choices).filter((e): e is [string, 'survivor' | 'other'] => e[1] !== 'keep'),
      );
      props.onMerged(await contactsApi.merge(c.id, preview.other.id, chosen));
    } catch (err) {
      setFailure(errorMessage(err));
      setBusy(false);
    }
  };
  const name = (x: { name: string | null }) => x.name ?? t('Unnamed contact');

  return (
    <Dialog title={t('Merge contacts')} onClose={props.onClose} describedBy="merge-intro" wide>
      <p id="merge-intro">
        {tx(
          'Another contact is merged into {name}: its channels, conversations, emails, phones and custom fields move here, and links to it lead here.',
          { name: <strong>{name(c)}</strong> },
        )}
      </p>
      {!preview && (
        <>
          <form
            className="form-row"
            onSubmit={(e) => {
              e.preventDefault();
              void search();
            }}
          >
            <label htmlFor="merge-search">{t('Find the other contact')}</label>
            <input
              id="merge-search"
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('Name, email, phone or username')}
            />
            <button type="submit" className="btn btn-secondary">
              {t('Search')}
            </button>
          </form>
          {found && found.length === 0 && <p className="muted">{t('No other contact matches.')}</p>}
          {found && found.length > 0 && (
            <ul className="plain-list" aria-label={t('Matching contacts')}>
              {found.map((f) => (
                <li key={f.id}>
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => void pick(f)}>
                    {name(f)}
                    {f.emails.length ? ` · ${f.emails.join(', ')}` : ''}
                    {f.phones.length ? ` · ${f.phones.join(', ')}` : ''}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {preview && (
        <>
          <p>
            {tx('Merging {other} ({channels}) into {name}. Emails afterwards: {emails}; phones: {phones}.', {
              other: <strong>{name(preview.other)}</strong>,
              channels: t('{count, plural, one {# channel} other {# channels}}', {
                count: preview.other.channelList.length,
              }),
              name: <strong>{name(c)}</strong>,
              emails: preview.emails.join(', ') || '—',
              phones: preview.phones.join(', ') || '—',
            })}
          </p>
          {preview.conflicts.length === 0 ? (
            <p>{t('No field conflicts.')}</p>
          ) : (
            <table className="table">
              <caption>{t('Conflicting fields: choose which value wins')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('Field')}</th>
                  <th scope="col">{name(c)}</th>
                  <th scope="col">{name(preview.other)}</th>
                  <th scope="col">{t('Decide later')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.conflicts.map((x) => (
                  <tr key={x.field}>
                    <th scope="row">{x.label}</th>
                    {(['survivor', 'other', 'keep'] as const).map((side) => (
                      <td key={side}>
                        <label>
                          <input
                            type="radio"
                            name={`merge-${x.field}`}
                            checked={choices[x.field] === side}
                            onChange={() => setChoices({ ...choices, [x.field]: side })}
                          />{' '}
                          {side === 'survivor'
                            ? x.survivorText
                            : side === 'other'
                              ? x.otherText
                              : t('Keep as conflict')}
                        </label>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {failure && <Alert tone="error">{failure}</Alert>}
      <div className="form-actions">
        {preview && (
          <button type="button" className="btn btn-danger" onClick={() => void merge()} disabled={busy}>
            {t('Merge into this contact')}
          </button>
        )}
        {preview && (
          <button type="button" className="btn btn-secondary" onClick={() => setPreview(undefined)}>
            {t('Back')}
          </button>
        )}
        <button type="button" className="btn btn-secondary" onClick={props.onClose}>
          {t('Cancel')}
        </button>
      </div>
    </Dialog>
  );
}

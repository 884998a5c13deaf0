import type { ContactDetails, ContactMergePreview, ContactSummary } from '@parley/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { contactsApi } from '../../api/contacts';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';

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
  const name = (x: { name: string | null }) => x.name ?? 'Unnamed contact';

  return (
    <Dialog title="Merge contacts" onClose={props.onClose} describedBy="merge-intro" wide>
      <p id="merge-intro">
        Another contact is merged into <strong>{name(c)}</strong>: its channels, conversations, emails, phones and
        custom fields move here, and links to it lead here.
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
            <label htmlFor="merge-search">Find the other contact</label>
            <input
              id="merge-search"
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="Name, email, phone or username"
            />
            <button type="submit" className="btn btn-secondary">
              Search
            </button>
          </form>
          {found && found.length === 0 && <p className="muted">No other contact matches.</p>}
          {found && found.length > 0 && (
            <ul className="plain-list" aria-label="Matching contacts">
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
            Merging <strong>{name(preview.other)}</strong> ({preview.other.channelList.length} channel
            {preview.other.channelList.length === 1 ? '' : 's'}) into <strong>{name(c)}</strong>. Emails afterwards:{' '}
            {preview.emails.join(', ') || '—'}; phones: {preview.phones.join(', ') || '—'}.
          </p>
          {preview.conflicts.length === 0 ? (
            <p>No field conflicts.</p>
          ) : (
            <table className="table">
              <caption>Conflicting fields: choose which value wins</caption>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">{name(c)}</th>
                  <th scope="col">{name(preview.other)}</th>
                  <th scope="col">Decide later</th>
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
                          {side === 'survivor' ? x.survivorText : side === 'other' ? x.otherText : 'Keep as conflict'}
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
            Merge into this contact
          </button>
        )}
        {preview && (
          <button type="button" className="btn btn-secondary" onClick={() => setPreview(undefined)}>
            Back
          </button>
        )}
        <button type="button" className="btn btn-secondary" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

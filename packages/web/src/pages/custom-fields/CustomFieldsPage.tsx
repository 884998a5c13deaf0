import type { CustomFieldView } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import { invalidateCatalogs } from '../../api/catalogs';
import { customFieldsApi } from '../../api/omnichannel';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { describedBy, Field, TextField } from '../../components/Field';
import { ListTable, ListToolbar, Pager, SearchField, usePagedList } from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { TagInput } from '../../components/TagInput';
import { useAsync } from '../../components/useAsync';
import { t } from '../../i18n';

const scopes = { visitor: 'Visitor', conversation: 'Conversation' } as const;

/** Extra fields for visitors (asked in the widget) and conversations (filled in by agents), a page at a time. */
export function CustomFieldsPage() {
  const { page, search, limit, offset, searchText, setSearchText, submitSearch } = usePagedList();
  const list = useAsync(
    () => customFieldsApi.list(undefined, { limit, offset, search: search || undefined }),
    [search, page],
  );
  const [editing, setEditing] = useState<CustomFieldView | 'new'>();
  const [confirm, setConfirm] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const total = list.data?.total ?? 0;

  const remove = async (f: CustomFieldView) => {
    setError(undefined);
    try {
      await customFieldsApi.remove(f.id);
      invalidateCatalogs();
      setNotice(t('{label} was removed. Values already stored stay.', { label: f.label }));
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setConfirm(undefined);
    }
  };

  return (
    <>
      <PageHeader
        title={t('Custom fields')}
        description={t(
          "Visitor fields are asked in the widget's pre-chat form; conversation fields are filled in by agents.",
        )}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            {t('New custom field')}
          </button>
        }
      />
      {notice && <Alert tone="success" title={notice} />}
      {error !== undefined && (
        <Alert tone="error" title={t('Nothing was changed.')}>
          {errorMessage(error)}
        </Alert>
      )}
      <ListToolbar label={t('Find custom fields')} onSubmit={submitSearch}>
        <SearchField
          id="custom-fields-search"
          placeholder={t('Label or key')}
          value={searchText}
          onChange={setSearchText}
        />
      </ListToolbar>
      <ListTable
        items={list.data?.items}
        loading={list.loading}
        error={list.error}
        errorTitle={t('The custom fields could not be loaded.')}
        caption={t('Custom fields')}
        columns={[t('Label'), t('Applies to'), t('Type'), t('Rules'), t('Order')]}
        actions
        empty={search ? t('No custom field matches this search.') : t('No custom fields yet.')}
        footer={<Pager page={page} total={total} none={t('No custom fields')} />}
        row={(f) => (
          <tr key={f.id}>
            <td>
              <span className="cell-title">{f.label}</span>
              <code className="cell-sub">{f.id}</code>
            </td>
            <td>{t(scopes[f.scope])}</td>
            <td>
              {f.type === 'select' ? t('List') : t('Text')}
              {f.type === 'select' && <span className="cell-sub cell-break">{f.options.join(', ')}</span>}
              {f.regex && <code className="cell-sub cell-break">{f.regex}</code>}
            </td>
            <td>
              <span className="badge-list">
                {f.required && <Badge tone="warning">{t('Required')}</Badge>}
                {!f.visible && <Badge>{t('Hidden')}</Badge>}
                {f.searchable && <Badge tone="accent">{t('Searchable')}</Badge>}
              </span>
            </td>
            <td>{f.position}</td>
            <td className="cell-actions">
              {confirm === f.id ? (
                <span className="confirm">
                  <button type="button" className="btn btn-danger btn-small" onClick={() => void remove(f)}>
                    {t('Remove “{label}”', { label: f.label })}
                  </button>
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirm(undefined)}>
                    {t('Keep')}
                  </button>
                </span>
              ) : (
                <span className="confirm">
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(f)}>
                    {t('Edit')}
                    <span className="visually-hidden"> {f.label}</span>
                  </button>
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirm(f.id)}>
                    {t('Remove')}
                    <span className="visually-hidden"> {f.label}</span>
                  </button>
                </span>
              )}
            </td>
          </tr>
        )}
      />
      {editing && (
        <FieldDialog
          field={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(f, created) => {
            setEditing(undefined);
            invalidateCatalogs();
            setNotice(
              created ? t('{label} was created.', { label: f.label }) : t('{label} was saved.', { label: f.label }),
            );
            list.reload();
          }}
        />
      )}
    </>
  );
}

function FieldDialog(props: {
  field: CustomFieldView | undefined;
  onClose: () => void;
  onSaved: (f: CustomFieldView, created: boolean) => void;
}) {
  const f = props.field;
  const [id, setId] = useState(f?.id ?? '');
  const [label, setLabel] = useState(f?.label ?? '');
  const [scope, setScope] = useState<CustomFieldView['scope']>(f?.scope ?? 'visitor');
  const [type, setType] = useState<CustomFieldView['type']>(f?.type ?? 'text');
  const [options, setOptions] = useState<string[]>(f?.options ?? []);
  const [regex, setRegex] = useState(f?.regex ?? '');
  const [required, setRequired] = useState(f?.required ?? false);
  const [visible, setVisible] = useState(f?.visible ?? true);
  const [searchable, setSearchable] = useState(f?.searchable ?? false);
  const [position, setPosition] = useState(String(f?.position ?? 0));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const body = {
      label: label.trim(),
      scope,
      type,
      options: type === 'select' ? options : [],
      regex: type === 'text' && regex.trim() ? regex.trim() : null,
      required,
      visible,
      searchable,
      ...(/^\d+$/.test(position.trim()) ? { position: Number(position.trim()) } : {}),
    };
    try {
      const saved = f
        ? await customFieldsApi.update(f.id, body)
        : await customFieldsApi.create({ id: id.trim(), ...body });
      props.onSaved(saved, !f);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const e = fieldErrors(error);
  const general = error !== undefined && !['id', 'label', 'options', 'regex', 'position'].some((k) => e[k]);
  return (
    <Dialog title={f ? t('Edit “{label}”', { label: f.label }) : t('New custom field')} onClose={props.onClose} wide>
      <form onSubmit={submit} noValidate className="two-columns">
        {!f && (
          <TextField
            id="cf-id"
            label={t('Id')}
            hint={t('Used by the API and the widget: letters, digits, dash and underscore, starting with a letter.')}
            value={id}
            onChange={setId}
            error={e.id}
            className="input mono"
          />
        )}
        <TextField id="cf-label" label={t('Label')} value={label} onChange={setLabel} error={e.label} maxLength={100} />
        <Field id="cf-scope" label={t('Applies to')}>
          <select
            id="cf-scope"
            className="input select"
            value={scope}
            onChange={(x) => setScope(x.target.value as CustomFieldView['scope'])}
          >
            <option value="visitor">{t('Visitor (asked in the widget)')}</option>
            <option value="conversation">{t('Conversation (filled in by agents)')}</option>
          </select>
        </Field>
        <Field id="cf-type" label={t('Type')}>
          <select
            id="cf-type"
            className="input select"
            value={type}
            onChange={(x) => setType(x.target.value as CustomFieldView['type'])}
          >
            <option value="text">{t('Text')}</option>
            <option value="select">{t('List of options')}</option>
          </select>
        </Field>
        {type === 'select' ? (
          <Field id="cf-options" label={t('Options')} error={e.options}>
            <TagInput
              id="cf-options"
              value={options}
              onChange={setOptions}
              invalid={!!e.options}
              describedBy={describedBy('cf-options', false, !!e.options)}
            />
          </Field>
        ) : (
          <TextField
            id="cf-regex"
            label={t('Validation pattern (optional)')}
            hint={t('A regular expression the value must match.')}
            value={regex}
            onChange={setRegex}
            error={e.regex}
            className="input mono"
          />
        )}
        <TextField
          id="cf-position"
          label={t('Order')}
          type="number"
          min={0}
          hint={t('Lower comes first.')}
          value={position}
          onChange={setPosition}
          error={e.position}
          className="input input-number"
        />
        <div className="field choice-list span-2">
          <label className="choice">
            <input type="checkbox" checked={required} onChange={(x) => setRequired(x.target.checked)} />
            <span className="choice-title">{t('Required')}</span>
          </label>
          <label className="choice">
            <input type="checkbox" checked={visible} onChange={(x) => setVisible(x.target.checked)} />
            <span className="choice-title">{t('Visible')}</span>
          </label>
          <label className="choice">
            <input type="checkbox" checked={searchable} onChange={(x) => setSearchable(x.target.checked)} />
            <span className="choice-title">{t('Searchable')}</span>
          </label>
        </div>
        {general && (
          <div className="span-2">
            <Alert tone="error" title={t('Nothing was saved.')}>
              {errorMessage(error)}
            </Alert>
          </div>
        )}
        <div className="form-actions span-2">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('Saving…') : f ? t('Save changes') : t('Create field')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={props.onClose}>
            {t('Cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

import { useState, type FormEvent, type ReactNode } from 'react';
import type { ListPageQuery, Page } from '@parley/shared';
import { errorMessage, fieldErrors } from '../../api/client';
import { invalidateCatalogs } from '../../api/catalogs';
import { Alert } from '../../components/Alert';
import { ListTable, ListToolbar, Pager, SearchField, usePagedList } from '../../components/list';
import { useAsync } from '../../components/useAsync';
import { t } from '../../i18n';

/**
 * A catalog edited in place, a page at a time in the server's order: a table, a row form for adding and for
 * editing, removal with a confirmation. Its page and search live in the URL under its id (`<id>-page`,
 * `<id>-search`), since two catalogs share the priorities page.
 */
export function CatalogSection<T extends { id: string; name: string }, D>(props: {
  id: string;
  title: string;
  /** Its whole sentences, translated by the caller: "Find SLA policies", "No SLA policy matches this search.",
   * "No SLA policies" (the pager when empty), "Add to SLA policies" (the add form's name). */
  texts: { find: string; noMatch: string; none: string; add: string };
  intro: ReactNode;
  columns: string[];
  load: (page: ListPageQuery) => Promise<Page<T>>;
  cells: (item: T) => ReactNode[];
  empty: D;
  draftOf: (item: T) => D;
  inputs: (draft: D, set: (d: D) => void, errors: Record<string, string>, prefix: string) => ReactNode;
  create: (draft: D) => Promise<unknown>;
  update: (id: string, draft: D) => Promise<unknown>;
  remove: (id: string) => Promise<unknown>;
}) {
  const { page, search, limit, offset, keys, searchText, setSearchText, submitSearch } = usePagedList({
    prefix: props.id,
  });
  const list = useAsync(() => props.load({ limit, offset, search: search || undefined }), [search, page]);
  const [draft, setDraft] = useState<D>(props.empty);
  const [editing, setEditing] = useState<{ id: string; draft: D }>();
  const [confirm, setConfirm] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [editError, setEditError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>, onError: (e: unknown) => void, after: () => void) => {
    setBusy(true);
    setError(undefined);
    setEditError(undefined);
    try {
      await action();
      invalidateCatalogs();
      after();
      list.reload();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () => props.create(draft),
      setError,
      () => setDraft(props.empty),
    );
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    void run(
      () => props.update(editing.id, editing.draft),
      setEditError,
      () => setEditing(undefined),
    );
  };
  const addErrors = fieldErrors(error);
  const editErrors = fieldErrors(editError);
  const span = props.columns.length + 1;

  const editRow = (item: T, current: { id: string; draft: D }) => (
    <tr key={item.id} className="editing-row">
      <td colSpan={span}>
        <form className="inline-form" onSubmit={save} noValidate aria-label={t('Edit {name}', { name: item.name })}>
          {props.inputs(current.draft, (d) => setEditing({ id: item.id, draft: d }), editErrors, `${props.id}-edit`)}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('Save')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setEditing(undefined)}>
            {t('Cancel')}
          </button>
        </form>
        {editError !== undefined && Object.keys(editErrors).length === 0 && (
          <Alert tone="error">{errorMessage(editError)}</Alert>
        )}
      </td>
    </tr>
  );
  const row = (item: T) =>
    editing?.id === item.id ? (
      editRow(item, editing)
    ) : (
      <tr key={item.id}>
        {props.cells(item).map((cell, i) => (
          <td key={i}>{cell}</td>
        ))}
        <td className="cell-actions">
          {confirm === item.id ? (
            <span className="confirm">
              <button
                type="button"
                className="btn btn-danger btn-small"
                disabled={busy}
                onClick={() =>
                  void run(
                    () => props.remove(item.id),
                    setError,
                    () => setConfirm(undefined),
                  )
                }
              >
                {t('Delete “{name}”', { name: item.name })}
              </button>
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirm(undefined)}>
                {t('Keep')}
              </button>
            </span>
          ) : (
            <span className="confirm">
              <button
                type="button"
                className="btn btn-secondary btn-small"
                onClick={() => setEditing({ id: item.id, draft: props.draftOf(item) })}
              >
                {t('Edit')}
                <span className="visually-hidden"> {item.name}</span>
              </button>
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirm(item.id)}>
                {t('Delete')}
                <span className="visually-hidden"> {item.name}</span>
              </button>
            </span>
          )}
        </td>
      </tr>
    );

  return (
    <section className="card catalog" aria-labelledby={`${props.id}-heading`}>
      <div className="catalog-head">
        <h2 id={`${props.id}-heading`}>{props.title}</h2>
        <p className="section-intro">{props.intro}</p>
      </div>
      <ListToolbar label={props.texts.find} onSubmit={submitSearch} bare>
        <SearchField id={`${props.id}-search`} placeholder={t('Name')} value={searchText} onChange={setSearchText} />
      </ListToolbar>
      <ListTable
        bare
        items={list.data?.items}
        loading={list.loading}
        error={list.error}
        caption={props.title}
        columns={props.columns}
        actions
        row={row}
        empty={search ? props.texts.noMatch : t('None yet.')}
        footer={<Pager page={page} total={list.data?.total ?? 0} none={props.texts.none} keys={keys} />}
      />
      <form className="inline-form catalog-add" onSubmit={add} noValidate aria-label={props.texts.add}>
        {props.inputs(draft, setDraft, addErrors, `${props.id}-new`)}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('Add')}
        </button>
      </form>
      {error !== undefined && Object.keys(addErrors).length === 0 && (
        <div className="catalog-error">
          <Alert tone="error" title={t('Nothing was changed.')}>
            {errorMessage(error)}
          </Alert>
        </div>
      )}
    </section>
  );
}

/** A labelled text or number input of a catalog's row form. */
export function CatalogInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
  type?: string;
  grow?: boolean;
}) {
  return (
    <div className={`field${props.grow ? ' field-grow' : ''}${props.error ? ' has-error' : ''}`}>
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        className={props.type === 'number' ? 'input input-number' : 'input'}
        type={props.type ?? 'text'}
        min={props.type === 'number' ? 1 : undefined}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      />
      {props.error && (
        <p className="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

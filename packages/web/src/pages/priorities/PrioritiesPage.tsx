import type { Page, PriorityView, SlaView } from '@parley/shared';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage, fieldErrors } from '../../api/client';
import { invalidateCatalogs } from '../../api/catalogs';
import { prioritiesApi, slaApi, type PageQuery } from '../../api/omnichannel';
import { Link, setQuery, useQuery } from '../../lib/router';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { PAGE_SIZE } from '../../components/Pager';
import { useAsync } from '../../components/useAsync';

/**
 * A catalog edited in place, a page at a time in the server's order: a table, a row form for adding and for
 * editing, removal with a confirmation. Its page and search live in the URL under its id (`<id>-page`,
 * `<id>-search`): two catalogs share this page, so the shared `Pager`/`usePagedList` (`?page=`, `?search=`)
 * cannot serve them; the markup is the same.
 */
function CatalogSection<T extends { id: string; name: string }, D>(props: {
  id: string;
  title: string;
  /** Singular and plural as in a sentence: "No SLA policy matches this search.", "Find SLA policies". */
  noun: string;
  plural: string;
  intro: ReactNode;
  columns: string[];
  load: (page: PageQuery) => Promise<Page<T>>;
  cells: (item: T) => ReactNode[];
  empty: D;
  draftOf: (item: T) => D;
  inputs: (draft: D, set: (d: D) => void, errors: Record<string, string>, prefix: string) => ReactNode;
  create: (draft: D) => Promise<unknown>;
  update: (id: string, draft: D) => Promise<unknown>;
  remove: (id: string) => Promise<unknown>;
}) {
  const q = useQuery();
  const pageKey = `${props.id}-page`;
  const searchKey = `${props.id}-search`;
  const search = q.get(searchKey) ?? '';
  const page = Math.max(1, Number.parseInt(q.get(pageKey) ?? '1', 10) || 1);
  const list = useAsync(
    () => props.load({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, search: search || undefined }),
    [search, page],
  );
  const [searchText, setSearchText] = useState(search);
  useEffect(() => setSearchText(search), [search]);
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
  const items = list.data?.items ?? [];
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ [searchKey]: searchText.trim(), [pageKey]: undefined });
  };
  const total = list.data?.total ?? 0;
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);
  const addErrors = fieldErrors(error);
  const editErrors = fieldErrors(editError);
  return (
    <section className="card catalog" aria-labelledby={`${props.id}-heading`}>
      <div className="catalog-head">
        <h2 id={`${props.id}-heading`}>{props.title}</h2>
        <p className="section-intro">{props.intro}</p>
      </div>
      <form className="toolbar" role="search" aria-label={`Find ${props.plural}`} onSubmit={submitSearch}>
        <div className="toolbar-field toolbar-grow">
          <label className="field-label" htmlFor={`${props.id}-search`}>
            Search
          </label>
          <input
            id={`${props.id}-search`}
            className="input"
            type="search"
            placeholder="Name"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
          />
        </div>
        <button type="submit" className="btn btn-secondary">
          Search
        </button>
      </form>
      {list.error !== undefined && <Alert tone="error">{errorMessage(list.error)}</Alert>}
      {list.loading && !list.data && <Loading />}
      <table className="table" aria-busy={list.loading}>
        <caption className="visually-hidden">{props.title}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) =>
            editing?.id === item.id ? (
              <tr key={item.id} className="editing-row">
                <td colSpan={props.columns.length + 1}>
                  <form className="inline-form" onSubmit={save} noValidate aria-label={`Edit ${item.name}`}>
                    {props.inputs(
                      editing.draft,
                      (d) => setEditing({ id: item.id, draft: d }),
                      editErrors,
                      `${props.id}-edit`,
                    )}
                    <button type="submit" className="btn btn-primary" disabled={busy}>
                      Save
                    </button>
                    <button type="button" className="btn btn-secondary" onClick={() => setEditing(undefined)}>
                      Cancel
                    </button>
                  </form>
                  {editError !== undefined && Object.keys(editErrors).length === 0 && (
                    <Alert tone="error">{errorMessage(editError)}</Alert>
                  )}
                </td>
              </tr>
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
                        Delete “{item.name}”
                      </button>
                      <button
                        type="button"
                        className="btn btn-secondary btn-small"
                        onClick={() => setConfirm(undefined)}
                      >
                        Keep
                      </button>
                    </span>
                  ) : (
                    <span className="confirm">
                      <button
                        type="button"
                        className="btn btn-secondary btn-small"
                        onClick={() => setEditing({ id: item.id, draft: props.draftOf(item) })}
                      >
                        Edit<span className="visually-hidden"> {item.name}</span>
                      </button>
                      <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirm(item.id)}>
                        Delete<span className="visually-hidden"> {item.name}</span>
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ),
          )}
          {list.data && items.length === 0 && (
            <tr>
              <td colSpan={props.columns.length + 1} className="empty">
                {search ? `No ${props.noun} matches this search.` : 'None yet.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {list.data && (
        <div className="pager">
          <p role="status">{total === 0 ? `No ${props.plural}` : `Showing ${first}–${last} of ${total}`}</p>
          <div className="pager-buttons">
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={page <= 1}
              onClick={() => setQuery({ [pageKey]: page - 1 > 1 ? page - 1 : undefined })}
            >
              Previous
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={last >= total}
              onClick={() => setQuery({ [pageKey]: page + 1 })}
            >
              Next
            </button>
          </div>
        </div>
      )}
      <form className="inline-form catalog-add" onSubmit={add} noValidate aria-label={`Add to ${props.title}`}>
        {props.inputs(draft, setDraft, addErrors, `${props.id}-new`)}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Add
        </button>
      </form>
      {error !== undefined && Object.keys(addErrors).length === 0 && (
        <div className="catalog-error">
          <Alert tone="error" title="Nothing was changed.">
            {errorMessage(error)}
          </Alert>
        </div>
      )}
    </section>
  );
}

function Input(props: {
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

const num = (s: string) => (/^-?\d+$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);

interface PriorityDraft {
  name: string;
  weight: string;
}
interface SlaDraft {
  name: string;
  description: string;
  dueMinutes: string;
}

/** Priorities and SLA policies: how the queue is ordered when `queue.sorting` says so. */
export function PrioritiesPage() {
  return (
    <>
      <PageHeader
        title="Priorities and SLA policies"
        description={
          <>
            Agents set them on a conversation; the queue follows them when <em>Sorting Mechanism</em> is set to
            priorities or SLA policies in the <Link to="/admin/settings?q=sorting">settings</Link>.
          </>
        }
      />
      <div className="stack">
        <CatalogSection<PriorityView, PriorityDraft>
          id="priorities"
          title="Priorities"
          noun="priority"
          plural="priorities"
          intro="The lower the weight, the sooner a waiting conversation is served."
          columns={['Name', 'Weight']}
          load={prioritiesApi.list}
          cells={(p) => [<span className="cell-title">{p.name}</span>, p.weight]}
          empty={{ name: '', weight: '' }}
          draftOf={(p) => ({ name: p.name, weight: String(p.weight) })}
          inputs={(d, set, e, prefix) => (
            <>
              <Input
                id={`${prefix}-name`}
                label="Name"
                value={d.name}
                onChange={(v) => set({ ...d, name: v })}
                error={e.name}
                grow
              />
              <Input
                id={`${prefix}-weight`}
                label="Weight"
                type="number"
                value={d.weight}
                onChange={(v) => set({ ...d, weight: v })}
                error={e.weight}
              />
            </>
          )}
          create={(d) => prioritiesApi.create({ name: d.name.trim(), weight: num(d.weight) })}
          update={(id, d) => prioritiesApi.update(id, { name: d.name.trim(), weight: num(d.weight) })}
          remove={prioritiesApi.remove}
        />
        <CatalogSection<SlaView, SlaDraft>
          id="sla"
          title="SLA policies"
          noun="SLA policy"
          plural="SLA policies"
          intro="The time within which a conversation should be answered; the earliest due is served first."
          columns={['Name', 'Due within', 'Description']}
          load={slaApi.list}
          cells={(s) => [
            <span className="cell-title">{s.name}</span>,
            `${s.dueMinutes} min`,
            <span className="cell-break">{s.description}</span>,
          ]}
          empty={{ name: '', description: '', dueMinutes: '' }}
          draftOf={(s) => ({ name: s.name, description: s.description, dueMinutes: String(s.dueMinutes) })}
          inputs={(d, set, e, prefix) => (
            <>
              <Input
                id={`${prefix}-name`}
                label="Name"
                value={d.name}
                onChange={(v) => set({ ...d, name: v })}
                error={e.name}
              />
              <Input
                id={`${prefix}-due`}
                label="Due within (minutes)"
                type="number"
                value={d.dueMinutes}
                onChange={(v) => set({ ...d, dueMinutes: v })}
                error={e.dueMinutes}
              />
              <Input
                id={`${prefix}-description`}
                label="Description"
                value={d.description}
                onChange={(v) => set({ ...d, description: v })}
                error={e.description}
                grow
              />
            </>
          )}
          create={(d) =>
            slaApi.create({ name: d.name.trim(), description: d.description, dueMinutes: num(d.dueMinutes) })
          }
          update={(id, d) =>
            slaApi.update(id, { name: d.name.trim(), description: d.description, dueMinutes: num(d.dueMinutes) })
          }
          remove={slaApi.remove}
        />
      </div>
    </>
  );
}

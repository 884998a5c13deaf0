import type { CannedResponseView, CannedScope } from '@parley/shared';
import { useState } from 'react';
import { cannedApi } from '../../api/cannedResponses';
import { loadCatalogs } from '../../api/catalogs';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ListTable, ListToolbar, Pager, SearchField, ToolbarField, usePagedList } from '../../components/list';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { setQuery, useQuery } from '../../lib/router';
import { allowed, useSession } from '../../lib/session';
import { CannedForm } from './CannedForm';
import { cannedBody, cannedDraft, emptyCanned, scopeLabels } from './drafts';
import { t } from '../../i18n';

/**
 * Canned responses: admins and managers keep every scope (global, department, personal); agents see what
 * they may use and keep their personal ones. Texts are shown as plain text.
 */
export function CannedResponsesPage() {
  const { user } = useSession();
  const managesAll = allowed(user, ['admin', 'manager']);
  const q = useQuery();
  const scope = (q.get('scope') ?? '') as CannedScope | '';
  const { page, search, limit, offset, searchText, setSearchText, submitSearch } = usePagedList();
  const list = useAsync(
    () => cannedApi.list({ limit, offset, search: search || undefined, scope: scope || undefined }),
    [search, scope, page],
  );
  const catalogs = useAsync(() => loadCatalogs(), []);
  const departments = catalogs.data?.departments ?? [];
  const [editing, setEditing] = useState<CannedResponseView | 'new'>();
  const [confirm, setConfirm] = useState<string>();
  const [removeError, setRemoveError] = useState<unknown>();

  const mayChange = (r: CannedResponseView) => managesAll || (r.scope === 'personal' && r.ownerId === user.id);
  const whose = (r: CannedResponseView) => {
    if (r.scope === 'global') return t(scopeLabels.global);
    if (r.scope === 'department') return departments.find((d) => d.id === r.departmentId)?.name ?? t('A department');
    if (r.ownerId === user.id) return t('You');
    return catalogs.data?.agentNames[r.ownerId!] ?? t('Another user');
  };
  const remove = async (id: string) => {
    setRemoveError(undefined);
    try {
      await cannedApi.remove(id);
      setConfirm(undefined);
      list.reload();
    } catch (err) {
      setRemoveError(err);
    }
  };
  const done = () => {
    setEditing(undefined);
    list.reload();
  };

  return (
    <>
      <PageHeader
        title={t('Canned responses')}
        description={
          managesAll
            ? t(
                'Ready answers agents insert by typing ! and a shortcut in a reply: for everyone, a department or one person.',
              )
            : t(
                'Ready answers you insert by typing ! and a shortcut in a reply: yours, your departments’ and everyone’s.',
              )
        }
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            {t('New canned response')}
          </button>
        }
      />
      {editing && (
        <CannedForm
          key={editing === 'new' ? 'new' : editing.id}
          title={editing === 'new' ? t('New canned response') : t('Edit {name}', { name: `!${editing.shortcut}` })}
          initial={editing === 'new' ? emptyCanned : cannedDraft(editing)}
          managesAll={managesAll}
          departments={departments}
          save={(d) =>
            editing === 'new' ? cannedApi.create(cannedBody(d)) : cannedApi.update(editing.id, cannedBody(d))
          }
          onDone={done}
          onCancel={() => setEditing(undefined)}
        />
      )}
      <ListToolbar label={t('Find canned responses')} onSubmit={submitSearch}>
        <SearchField
          id="canned-search"
          placeholder={t('Shortcut, text or tag')}
          value={searchText}
          onChange={setSearchText}
        />
        <ToolbarField id="canned-scope-filter" label={t('Scope')}>
          <select
            id="canned-scope-filter"
            className="input select"
            value={scope}
            onChange={(e) => setQuery({ scope: e.target.value, page: undefined })}
          >
            <option value="">{t('All')}</option>
            {(Object.keys(scopeLabels) as CannedScope[]).map((s) => (
              <option key={s} value={s}>
                {t(scopeLabels[s])}
              </option>
            ))}
          </select>
        </ToolbarField>
      </ListToolbar>
      {removeError !== undefined && (
        <Alert tone="error" title={t('Nothing was deleted.')}>
          {errorMessage(removeError)}
        </Alert>
      )}
      <ListTable
        items={list.data?.items}
        loading={list.loading}
        error={list.error}
        errorTitle={t('The canned responses could not be loaded.')}
        caption={t('Canned responses')}
        columns={[t('Shortcut'), t('Text'), t('Used by'), t('Tags')]}
        actions
        empty={search || scope ? t('No canned response matches.') : t('No canned responses yet.')}
        footer={<Pager page={page} total={list.data?.total ?? 0} none={t('No canned responses')} />}
        row={(r) => (
          <tr key={r.id}>
            <td>
              <span className="cell-title canned-shortcut">!{r.shortcut}</span>
            </td>
            <td className="cell-break canned-cell-text">{r.text}</td>
            <td>
              <Badge tone={r.scope === 'global' ? 'accent' : 'neutral'}>{whose(r)}</Badge>
            </td>
            <td>{r.tags.join(', ')}</td>
            <td className="cell-actions">
              {mayChange(r) &&
                (confirm === r.id ? (
                  <span className="confirm">
                    <button type="button" className="btn btn-danger btn-small" onClick={() => void remove(r.id)}>
                      {t('Delete {name}', { name: `!${r.shortcut}` })}
                    </button>
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirm(undefined)}>
                      {t('Keep')}
                    </button>
                  </span>
                ) : (
                  <span className="confirm">
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(r)}>
                      {t('Edit')}
                      <span className="visually-hidden"> !{r.shortcut}</span>
                    </button>
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setConfirm(r.id)}>
                      {t('Delete')}
                      <span className="visually-hidden"> !{r.shortcut}</span>
                    </button>
                  </span>
                ))}
            </td>
          </tr>
        )}
      />
    </>
  );
}

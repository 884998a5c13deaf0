import type { PriorityView } from '@parley/shared';
import { prioritiesApi } from '../../api/omnichannel';
import { formatNumber } from '../../components/format';
import { t } from '../../i18n';
import { CatalogInput, CatalogSection } from './CatalogSection';
import { emptyPriority, priorityBody, priorityDraft, type PriorityDraft } from './drafts';

/** Priorities: a name and a weight; the lower the weight, the sooner a waiting conversation is served. */
export function PrioritiesList() {
  return (
    <CatalogSection<PriorityView, PriorityDraft>
      id="priorities"
      title={t('Priorities')}
      texts={{
        find: t('Find priorities'),
        noMatch: t('No priority matches this search.'),
        none: t('No priorities'),
        add: t('Add to Priorities'),
      }}
      intro={t('The lower the weight, the sooner a waiting conversation is served.')}
      columns={[t('Name'), t('Weight')]}
      load={prioritiesApi.list}
      cells={(p) => [<span className="cell-title">{p.name}</span>, formatNumber(p.weight)]}
      empty={emptyPriority}
      draftOf={priorityDraft}
      inputs={(d, set, e, prefix) => (
        <>
          <CatalogInput
            id={`${prefix}-name`}
            label={t('Name')}
            value={d.name}
            onChange={(v) => set({ ...d, name: v })}
            error={e.name}
            grow
          />
          <CatalogInput
            id={`${prefix}-weight`}
            label={t('Weight')}
            type="number"
            value={d.weight}
            onChange={(v) => set({ ...d, weight: v })}
            error={e.weight}
          />
        </>
      )}
      create={(d) => prioritiesApi.create(priorityBody(d))}
      update={(id, d) => prioritiesApi.update(id, priorityBody(d))}
      remove={prioritiesApi.remove}
    />
  );
}

import type { PriorityView } from '@parley/shared';
import { prioritiesApi } from '../../api/omnichannel';
import { CatalogInput, CatalogSection } from './CatalogSection';
import { emptyPriority, priorityBody, priorityDraft, type PriorityDraft } from './drafts';

/** Priorities: a name and a weight; the lower the weight, the sooner a waiting conversation is served. */
export function PrioritiesList() {
  return (
    <CatalogSection<PriorityView, PriorityDraft>
      id="priorities"
      title="Priorities"
      noun="priority"
      plural="priorities"
      intro="The lower the weight, the sooner a waiting conversation is served."
      columns={['Name', 'Weight']}
      load={prioritiesApi.list}
      cells={(p) => [<span className="cell-title">{p.name}</span>, p.weight]}
      empty={emptyPriority}
      draftOf={priorityDraft}
      inputs={(d, set, e, prefix) => (
        <>
          <CatalogInput
            id={`${prefix}-name`}
            label="Name"
            value={d.name}
            onChange={(v) => set({ ...d, name: v })}
            error={e.name}
            grow
          />
          <CatalogInput
            id={`${prefix}-weight`}
            label="Weight"
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

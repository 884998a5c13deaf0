import type { SlaView } from '@parley/shared';
import { slaApi } from '../../api/omnichannel';
import { CatalogInput, CatalogSection } from './CatalogSection';
import { emptySla, slaBody, slaDraft, type SlaDraft } from './drafts';

/** SLA policies: the time within which a conversation should be answered. */
export function SlaPoliciesList() {
  return (
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
      empty={emptySla}
      draftOf={slaDraft}
      inputs={(d, set, e, prefix) => (
        <>
          <CatalogInput
            id={`${prefix}-name`}
            label="Name"
            value={d.name}
            onChange={(v) => set({ ...d, name: v })}
            error={e.name}
          />
          <CatalogInput
            id={`${prefix}-due`}
            label="Due within (minutes)"
            type="number"
            value={d.dueMinutes}
            onChange={(v) => set({ ...d, dueMinutes: v })}
            error={e.dueMinutes}
          />
          <CatalogInput
            id={`${prefix}-description`}
            label="Description"
            value={d.description}
            onChange={(v) => set({ ...d, description: v })}
            error={e.description}
            grow
          />
        </>
      )}
      create={(d) => slaApi.create(slaBody(d))}
      update={(id, d) => slaApi.update(id, slaBody(d))}
      remove={slaApi.remove}
    />
  );
}

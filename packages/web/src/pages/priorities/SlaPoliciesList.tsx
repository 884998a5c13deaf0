import type { SlaView } from '@parley/shared';
import { slaApi } from '../../api/omnichannel';
import { t } from '../../i18n';
import { CatalogInput, CatalogSection } from './CatalogSection';
import { emptySla, slaBody, slaDraft, type SlaDraft } from './drafts';

/** SLA policies: the time within which a conversation should be answered. */
export function SlaPoliciesList() {
  return (
    <CatalogSection<SlaView, SlaDraft>
      id="sla"
      title={t('SLA policies')}
      texts={{
        find: t('Find SLA policies'),
        noMatch: t('No SLA policy matches this search.'),
        none: t('No SLA policies'),
        add: t('Add to SLA policies'),
      }}
      intro={t('The time within which a conversation should be answered; the earliest due is served first.')}
      columns={[t('Name'), t('Due within'), t('Description')]}
      load={slaApi.list}
      cells={(s) => [
        <span className="cell-title">{s.name}</span>,
        t('{m} min', { m: s.dueMinutes }),
        <span className="cell-break">{s.description}</span>,
      ]}
      empty={emptySla}
      draftOf={slaDraft}
      inputs={(d, set, e, prefix) => (
        <>
          <CatalogInput
            id={`${prefix}-name`}
            label={t('Name')}
            value={d.name}
            onChange={(v) => set({ ...d, name: v })}
            error={e.name}
          />
          <CatalogInput
            id={`${prefix}-due`}
            label={t('Due within (minutes)')}
            type="number"
            value={d.dueMinutes}
            onChange={(v) => set({ ...d, dueMinutes: v })}
            error={e.dueMinutes}
          />
          <CatalogInput
            id={`${prefix}-description`}
            label={t('Description')}
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

import type { CustomFieldView, DepartmentView, PriorityView, SlaView } from '@parley/shared';
import { useEffect, useState } from 'react';
import { agentsApi, customFieldsApi, departmentsApi, prioritiesApi, slaApi } from './omnichannel';

/** The small lists a conversation screen looks names up in. Loaded once, refreshed after admin edits. */
export interface Catalogs {
  /** Including archived ones (old conversations still name them). */
  departments: DepartmentView[];
  priorities: PriorityView[];
  slas: SlaView[];
  /** Custom fields of conversations. */
  fields: CustomFieldView[];
  /** Custom fields of visitors (their labels in the details panel). */
  visitorFields: CustomFieldView[];
  /** Agents' names by user id (for transfer records). */
  agentNames: Record<string, string>;
}

let cache: Promise<Catalogs> | undefined;

export function loadCatalogs(): Promise<Catalogs> {
  cache ??= Promise.all([
    departmentsApi.list(true),
    prioritiesApi.list(),
    slaApi.list(),
    customFieldsApi.list('conversation'),
    customFieldsApi.list('visitor').catch(() => ({ items: [] })),
    agentsApi.list().catch(() => ({ items: [] })),
  ]).then(
    ([d, p, s, f, vf, agents]) => ({
      departments: d.items,
      priorities: p.items,
      slas: s.items,
      fields: f.items.sort((a, b) => a.position - b.position),
      visitorFields: vf.items.sort((a, b) => a.position - b.position),
      agentNames: Object.fromEntries(agents.items.map((a) => [a.userId, a.name])),
    }),
    (err: unknown) => {
      cache = undefined;
      throw err;
    },
  );
  return cache;
}

/** After changing departments, fields, priorities or SLA policies. */
export function invalidateCatalogs(): void {
  cache = undefined;
}

export function useCatalogs(): Catalogs | undefined {
  const [c, setC] = useState<Catalogs>();
  useEffect(() => {
    let live = true;
    loadCatalogs().then(
      (x) => live && setC(x),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return c;
}

import { z } from 'zod';

/** A page of a list with the list's total (`?limit=&offset=`): users, agents, departments, catalogs. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int().min(0) });
}
export interface Page<T> {
  items: T[];
  total: number;
}

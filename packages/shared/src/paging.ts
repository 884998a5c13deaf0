import { z } from 'zod';

/** A page of a list with the list's total (`?limit=&offset=`): users, agents, departments, catalogs. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int().min(0) });
}
export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * The query of an admin list read a page at a time (`?limit=&offset=&search=`): departments, custom
 * fields, agents, priorities, SLA policies. Without a limit, the whole list (pickers need all of it).
 * Query strings arrive as text: numbers are coerced.
 */
export const listPageFields = {
  limit: z.coerce.number<number>().int().min(1).max(500).optional(),
  offset: z.coerce.number<number>().int().min(0).max(1_000_000).default(0),
  search: z.string().max(100).optional(),
};
export const listPageQuery = z.strictObject(listPageFields);
export type ListPageQuery = z.input<typeof listPageQuery>;

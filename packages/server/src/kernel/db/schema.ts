/**
 * The database's tables, as Kysely sees them. Each module adds its own tables to this interface from
 * its `*.tables.ts` file (declaration merging), so table types live beside the code that owns them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}

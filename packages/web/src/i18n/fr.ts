import type { Catalog } from '.';

/** Deutsch. */
const catalog: Catalog = {};

export default catalog;

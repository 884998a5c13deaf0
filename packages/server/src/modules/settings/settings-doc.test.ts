import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSettingsDoc } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

const docPath = join(import.meta.dirname, '..', '..', '..', '..', '..', 'docs', 'settings.md');

/** docs/settings.md: the catalog, with where each setting is enforced as a whole server declares it. */
describe('docs/settings.md', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(() => p.stop());

  it('is generated from the catalog and the enforced declarations (UPDATE_DOCS=1 rewrites it)', () => {
    const doc = renderSettingsDoc((key) => p.settings.enforcedIn(key));
    if (process.env.UPDATE_DOCS) writeFileSync(docPath, doc);
    expect(readFileSync(docPath, 'utf8')).toBe(doc);
  });
});

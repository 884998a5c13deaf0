import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSettingsDoc, settingKeys, settingsCatalog } from '../src/index.js';

const docPath = join(import.meta.dirname, '..', '..', '..', 'docs', 'settings.md');

describe('settings catalog', () => {
  it('holds every key of the contract with a valid default', () => {
    const reference = readFileSync(join(import.meta.dirname, 'settings-keys.txt'), 'utf8')
      .trim()
      .split('\n');
    expect([...settingKeys].sort()).toEqual([...reference].sort());
    for (const key of settingKeys) {
      const d = settingsCatalog[key];
      expect(d.schema.safeParse(d.default).success, key).toBe(true);
    }
  });

  it('docs/settings.md is generated from it', () => {
    const doc = renderSettingsDoc();
    if (process.env.UPDATE_DOCS) writeFileSync(docPath, doc);
    expect(readFileSync(docPath, 'utf8')).toBe(doc);
  });
});

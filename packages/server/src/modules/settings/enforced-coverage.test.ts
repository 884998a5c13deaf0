import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingKeys, settingsCatalog, type SettingKey } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test-support/harness.js';

/**
 * A setting may say `enforced: true` only when some test changes it from its default and observes the
 * effect. The observing part is the test's own business; this one checks the first half for every
 * enforced setting: some server test or browser spec sets the key to a value other than its default
 * (`'key': value`, `set('key', value)`), or to a computed value. A setting nobody ever changes in a test
 * fails here, whatever part of Parley (server, widget or web app) claims its effect.
 */
const repo = join(import.meta.dirname, '..', '..', '..', '..', '..');

function testFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) testFiles(path, out);
    else if (/\.(test|spec)\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** The literal a test sets, read off the source; undefined when it is an expression (counts as a change). */
function literal(source: string): { value: unknown } | undefined {
  const s = source.trimStart();
  const m = /^(true|false|-?\d+(?:\.\d+)?|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\[\s*\])(?=\s*[,})\]\n])/.exec(s);
  if (!m) return undefined;
  const token = m[1]!;
  if (token === '[]') return { value: [] };
  if (token.startsWith("'")) return { value: token.slice(1, -1).replace(/\\(.)/g, '$1') };
  return { value: JSON.parse(token) };
}

function changedInSomeTest(key: SettingKey, sources: string[]): boolean {
  const dflt = JSON.stringify(settingsCatalog[key].default);
  const quoted = key.replace(/\./g, '\\.');
  const pattern = new RegExp(`['"]${quoted}['"]\\s*[:,]([^\\n]*)`, 'g');
  for (const source of sources) {
    for (const m of source.matchAll(pattern)) {
      const lit = literal(m[1]!);
      if (!lit || JSON.stringify(lit.value) !== dflt) return true;
    }
  }
  return false;
}

describe('every enforced setting is changed by a test', () => {
  let p: TestParley;
  beforeAll(async () => {
    p = await startTestParley();
  });
  afterAll(() => p.stop());

  it('finds, for each setting that says enforced, a test that sets it away from its default', async () => {
    const sources = [...testFiles(join(repo, 'packages')), ...testFiles(join(repo, 'e2e'))]
      .filter((f) => !f.endsWith('enforced-coverage.test.ts'))
      .map((f) => readFileSync(f, 'utf8'));
    const enforced = settingKeys.filter((k) => p.settings.isEnforced(k));
    expect(enforced.length).toBeGreaterThan(50);
    const untested = enforced.filter((k) => !changedInSomeTest(k, sources));
    expect(untested).toEqual([]);
  });

  it('reads literals the way a test writes them', () => {
    expect(literal(" false, 'x': 1")).toEqual({ value: false });
    expect(literal(" 'Help desk' }")).toEqual({ value: 'Help desk' });
    expect(literal(' 30)')).toEqual({ value: 30 });
    expect(literal(' someValue,')).toBeUndefined();
  });
});

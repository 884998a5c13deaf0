import { settingGroups } from './types.js';
import { settingKeys, settingsCatalog, type SettingKey } from './catalog.js';
import type { SettingEffectSite } from './client-effects.js';

/**
 * docs/settings.md, generated from the catalog and from where each setting's effect lives (the server's
 * declarations and `clientEffects`), which only a running server knows: the server's settings-doc test
 * keeps the file in step.
 */
export function renderSettingsDoc(enforcedIn: (key: SettingKey) => SettingEffectSite | undefined): string {
  const out = [
    '# Settings',
    '',
    'Generated from `packages/shared/src/settings/catalog.ts` (run `UPDATE_DOCS=1 npx vitest run settings-doc` after a change).',
    'Change settings in the admin console or with `PATCH /api/v1/settings` (admins and managers).',
    'Public settings are readable by the widget without signing in. Secrets are write-only.',
    '',
    '**Enforced** says where the effect lives (server, widget or web app); every enforced setting is changed',
    'from its default by some test that observes it (`enforced-coverage.test.ts` fails otherwise). "—" means the',
    'value is stored and served but nothing acts on it yet.',
    '',
  ];
  for (const group of settingGroups) {
    out.push(
      `## ${group}`,
      '',
      '| key | label | type | default | public | enforced | description |',
      '|---|---|---|---|---|---|---|',
    );
    for (const key of settingKeys) {
      const d = settingsCatalog[key];
      if (d.group !== group) continue;
      const values = 'values' in d && d.values ? ` (${d.values.join(' \\| ')})` : '';
      const unit = 'unit' in d && d.unit ? ` ${d.unit}` : '';
      const dflt = d.type === 'secret' ? '—' : `\`${JSON.stringify(d.default).replace(/\|/g, '\\|')}\``;
      out.push(
        `| \`${key}\` | ${d.label} | ${d.type}${values}${unit} | ${dflt} | ${d.public ? 'yes' : 'no'} | ${enforcedIn(key) ?? '—'} | ${d.description} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

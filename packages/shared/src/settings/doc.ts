import { settingGroups } from './types.js';
import { settingKeys, settingsCatalog } from './catalog.js';

/** docs/settings.md, generated from the catalog (a test keeps the file in step). */
export function renderSettingsDoc(): string {
  const out = [
    '# Settings',
    '',
    'Generated from `packages/shared/src/settings/catalog.ts` (run `UPDATE_DOCS=1 npx vitest run settings-doc` after a change).',
    'Change settings in the admin console or with `PATCH /api/v1/settings` (admins and managers).',
    'Public settings are readable by the widget without signing in. Secrets are write-only.',
    '',
  ];
  for (const group of settingGroups) {
    out.push(`## ${group}`, '', '| key | label | type | default | public | description |', '|---|---|---|---|---|---|');
    for (const key of settingKeys) {
      const d = settingsCatalog[key];
      if (d.group !== group) continue;
      const values = 'values' in d && d.values ? ` (${d.values.join(' \\| ')})` : '';
      const unit = 'unit' in d && d.unit ? ` ${d.unit}` : '';
      const dflt = d.type === 'secret' ? '—' : `\`${JSON.stringify(d.default).replace(/\|/g, '\\|')}\``;
      out.push(
        `| \`${key}\` | ${d.label} | ${d.type}${values}${unit} | ${dflt} | ${d.public ? 'yes' : 'no'} | ${d.description} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

#!/usr/bin/env node
/**
 * `node bench/lead-capture-micro.js [iterations]` (after `npm run build`): the CPU that lead capture adds
 * to one visitor message — `LeadCapture.find` of the built server with the catalog's default regexes (and
 * an admin's catastrophic one), in this process, no database. Whether a message costs any query is
 * decided here: nothing found, no query; something new, one locked read and one write of the contact
 * (docs/contact-center.md).
 */
import { settingsCatalog } from '../packages/shared/dist/index.js';
import { LeadCapture, LEAD_SCAN_MAX_CHARS } from '../packages/server/dist/modules/contacts/lead-capture.js';
import { formatTable } from './lib/table.js';

const iterations = Number(process.argv[2] ?? 2000);
const values = {
  'crm.leadEmailRegex': settingsCatalog['crm.leadEmailRegex'].default,
  'crm.leadPhoneRegex': settingsCatalog['crm.leadPhoneRegex'].default,
};
const settings = { get: (key) => values[key], declareEnforced: () => {} };
const leads = new LeadCapture(undefined, undefined, settings, undefined);

const prose = 'Hello, I would like to know more about your pricing plans for the enterprise tier. Thanks! ';
const cases = [
  ['nothing to capture, 92 chars', prose],
  ['an email and a phone, 49 chars', 'mail me at Ada@Example.com or call 11 98765 4321'],
  [`nothing, ${LEAD_SCAN_MAX_CHARS} chars (the scan's bound)`, prose.repeat(120)],
  [`30 phones, ${LEAD_SCAN_MAX_CHARS} chars`, `${'call 11 98765 4321 '.repeat(30)}${prose.repeat(120)}`],
];

/** Microseconds per call: the median of 5 runs of `n` calls, after a warm-up. */
function time(text, n) {
  for (let i = 0; i < Math.min(n, 200); i++) leads.find(text);
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) leads.find(text);
    runs.push(Number(process.hrtime.bigint() - t) / 1000 / n);
  }
  return runs.sort((a, b) => a - b)[2];
}

const rows = cases.map(([label, text]) => {
  const n = text.length > 1000 ? Math.max(20, iterations / 50) : iterations;
  return [label, time(text, n).toFixed(1), JSON.stringify(leads.find(text) ?? null).slice(0, 60)];
});
values['crm.leadEmailRegex'] = '(a+)+$';
for (const len of [40, LEAD_SCAN_MAX_CHARS - 1])
  rows.push([`email regex (a+)+$ on ${len} a's and "!"`, time(`${'a'.repeat(len)}!`, 50).toFixed(1), 'null']);
console.log(formatTable(['visitor message', 'µs per message', 'found'], rows));

#!/usr/bin/env node
/**
 * `node bench/profile-summary.js <file.cpuprofile> [top]`: where a CPU profile's time went.
 * Works on profiles written by `node --cpu-prof` and by `npm run bench -- --profile`.
 */
import { readFileSync } from 'node:fs';
import { summarizeProfile } from './lib/profile.js';
import { formatTable } from './lib/table.js';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.js <file.cpuprofile> [top]');
  process.exit(2);
}
const s = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), Number(topArg ?? 30));
console.log(`${file}: ${s.wallMs.toFixed(0)} ms wall, busy ${s.busyPct.toFixed(0)}% of it\n`);
console.log(
  formatTable(
    ['package / area', 'self ms', '% of busy'],
    s.categories.map((c) => [c.name, c.ms, c.pctOfBusy]),
  ),
);
console.log('');
console.log(
  formatTable(
    ['function', 'where', 'self ms', '% of busy'],
    s.functions.map((f) => [f.name, f.where, f.ms, f.pctOfBusy]),
  ),
);
console.log('');
console.log(
  formatTable(
    ['Parley function (inclusive, synchronous part)', 'where', 'ms', '% of busy'],
    s.parleyInclusive.map((f) => [f.name, f.where, f.ms, f.pctOfBusy]),
  ),
);

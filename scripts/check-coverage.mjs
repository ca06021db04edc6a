#!/usr/bin/env node
// Fails when a folder of src/ covers less of its lines than its floor. Reads the json-summary
// c8 writes (per file, mapped back to src/*.ts through the source maps) and sums it per folder:
// c8's own --check-coverage knows one global floor or one per file, not one per folder.
// Usage: node scripts/check-coverage.mjs <coverage-summary.json>
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** Lines each folder must cover, in percent (issue 11). */
const FLOORS = { 'src/reconcilers': 90, 'src/live': 90, 'src/plan': 90 };

const summary = JSON.parse(readFileSync(process.argv[2] ?? 'coverage/coverage-summary.json', 'utf8'));
const folders = new Map();
for (const [file, figures] of Object.entries(summary)) {
  if (file === 'total') continue;
  const path = relative(process.cwd(), file);
  const folder = path.split('/').slice(0, 2).join('/');
  const sum = folders.get(folder) ?? { covered: 0, total: 0 };
  sum.covered += figures.lines.covered;
  sum.total += figures.lines.total;
  folders.set(folder, sum);
}

let failed = false;
console.log('\nLines covered per folder (floor where one is set):');
for (const [folder, { covered, total }] of [...folders].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const pct = total === 0 ? 100 : (100 * covered) / total;
  const floor = FLOORS[folder];
  const below = floor !== undefined && pct < floor;
  failed ||= below;
  console.log(`  ${folder.padEnd(18)} ${pct.toFixed(2).padStart(6)} %  ${String(covered).padStart(5)}/${total}${floor !== undefined ? `  floor ${floor} %${below ? '  BELOW' : ''}` : ''}`);
}
for (const folder of Object.keys(FLOORS)) {
  if (!folders.has(folder)) {
    console.log(`  ${folder}: no coverage recorded`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
